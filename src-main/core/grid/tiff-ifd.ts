// The IFD entries of each image of the file: image structure, palette, georeferencing and GDAL's tags for the full
// resolution; structure, palette and nodata for the overviews (which a reader places by the first image's).
import type { GridSpec } from '../types';
import { epsgCode } from './spec';
import {
  Compression, ExtraSample, FieldType, GEOKEY_DIRECTORY_VERSION, GEOKEY_INLINE, GeoKey, ModelType,
  Photometric, PlanarConfiguration, Predictor, RasterType, SubfileType, Tag,
} from './tiff-tags';
import type { GeoTiffWriteOptions, Plan } from './tiff-plan';

export interface Entry { tag: number; type: number; count: number; data: Buffer }

/**
 * EPSG codes 4000-4999 are geographic 2D CRSs (degrees); everything else is taken as projected. (Not util/crs: that
 * knows only the codes it can project, and a file may carry any EPSG code.)
 */
function isGeographicCode(code: number): boolean {
  return code >= 4000 && code < 5000;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** GDAL's spelling of a nodata value (it parses with CPLAtof; 'nan' for NaN). */
function nodataString(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(v);
}

const u16 = (vals: readonly number[]) => { const d = Buffer.alloc(vals.length * 2); vals.forEach((v, i) => d.writeUInt16LE(v, i * 2)); return d; };
const u32 = (vals: readonly number[]) => { const d = Buffer.alloc(vals.length * 4); vals.forEach((v, i) => d.writeUInt32LE(v, i * 4)); return d; };
const f64 = (vals: readonly number[]) => { const d = Buffer.alloc(vals.length * 8); vals.forEach((v, i) => d.writeDoubleLE(v, i * 8)); return d; };

const shorts = (tag: number, vals: readonly number[]): Entry => ({ tag, type: FieldType.SHORT, count: vals.length, data: u16(vals) });
const longs = (tag: number, vals: readonly number[]): Entry => ({ tag, type: FieldType.LONG, count: vals.length, data: u32(vals) });
const doubles = (tag: number, vals: readonly number[]): Entry => ({ tag, type: FieldType.DOUBLE, count: vals.length, data: f64(vals) });
/** Replaces a LONG entry's values (the block offsets, once the layout is known). */
export function setLongs(e: Entry, vals: readonly number[]): void {
  e.data = u32(vals);
}

const ascii = (tag: number, s: string): Entry => {
  const data = Buffer.from(s + '\0', 'latin1');
  return { tag, type: FieldType.ASCII, count: data.length, data };
};

/**
 * Every IFD entry of image `image` (0: full resolution, then the overviews), sorted by tag; `offsets` is the block
 * offsets entry, zero until the layout is known.
 */
export function ifdEntries(o: GeoTiffWriteOptions, p: Plan, image: number, blocks: Buffer[]): { entries: Entry[]; offsets: Entry } {
  const offsets = longs(p.tiled ? Tag.TileOffsets : Tag.StripOffsets, Array(blocks.length).fill(0));
  const full = image === 0;
  const entries = [
    offsets,
    longs(p.tiled ? Tag.TileByteCounts : Tag.StripByteCounts, blocks.map((b) => b.length)),
    ...imageEntries(p, image),
    ...(o.colorTable && p.palette ? [colorMapEntry(o.colorTable)] : []),
    ...(full ? georeferencingEntries(o.spec) : []),
    ...gdalEntries(full ? o : { ...o, metadata: undefined, bandNames: undefined, bandUnits: undefined }, p.nodata),
  ];
  entries.sort((a, b) => a.tag - b.tag);
  return { entries, offsets };
}

/** Size, sample layout, compression and blocking. */
function imageEntries(p: Plan, image: number): Entry[] {
  const n = p.bands;
  const { width, height } = p.images[image];
  const entries = [
    ...(image > 0 ? [longs(Tag.NewSubfileType, [SubfileType.ReducedResolution])] : []),
    longs(Tag.ImageWidth, [width]),
    longs(Tag.ImageLength, [height]),
    shorts(Tag.BitsPerSample, Array(n).fill(p.sample.bits)),
    shorts(Tag.Compression, [p.deflate ? Compression.AdobeDeflate : Compression.None]),
    shorts(Tag.PhotometricInterpretation, [p.palette ? Photometric.Palette : Photometric.MinIsBlack]),
    shorts(Tag.SamplesPerPixel, [n]),
    shorts(Tag.PlanarConfiguration, [n > 1 ? PlanarConfiguration.Separate : PlanarConfiguration.Contiguous]),
    shorts(Tag.SampleFormat, Array(n).fill(p.sample.format)),
  ];
  if (p.tiled) entries.push(shorts(Tag.TileWidth, [p.bw]), shorts(Tag.TileLength, [p.bh]));
  else entries.push(longs(Tag.RowsPerStrip, [p.bh]));
  if (p.predictor !== Predictor.None) entries.push(shorts(Tag.Predictor, [p.predictor]));
  if (n > 1) entries.push(shorts(Tag.ExtraSamples, Array(n - 1).fill(ExtraSample.Unspecified)));
  return entries;
}

/** TIFF colour maps hold 16-bit values (255 -> 65535), all reds, then all greens, then all blues. */
function colorMapEntry(ct: [number, number, number][]): Entry {
  const map: number[] = new Array(3 * 256).fill(0);
  for (let i = 0; i < 256 && i < ct.length; i++) {
    map[i] = ct[i][0] * 257; map[256 + i] = ct[i][1] * 257; map[512 + i] = ct[i][2] * 257;
  }
  return shorts(Tag.ColorMap, map);
}

/** Pixel size, the tie point of the top-left corner, and the GeoKeys when the CRS is an EPSG code. */
function georeferencingEntries(spec: GridSpec): Entry[] {
  const entries = [
    doubles(Tag.ModelPixelScale, [spec.cellX, spec.cellY, 0]),
    doubles(Tag.ModelTiepoint, [0, 0, 0, spec.xmin, spec.ymax, 0]),
  ];
  const code = epsgCode(spec.crs);
  if (code !== null) entries.push(shorts(Tag.GeoKeyDirectory, geoKeyDirectory(code)));
  return entries;
}

/** The GeoKey directory for an EPSG code: model type, pixel-is-area, and the code itself. */
function geoKeyDirectory(code: number): number[] {
  const geo = isGeographicCode(code);
  const key = (id: number, value: number) => [id, GEOKEY_INLINE, 1, value];
  const keys = [
    key(GeoKey.GTModelType, geo ? ModelType.Geographic : ModelType.Projected),
    key(GeoKey.GTRasterType, RasterType.PixelIsArea),
    key(geo ? GeoKey.GeographicType : GeoKey.ProjectedCSType, code),
  ];
  return [...GEOKEY_DIRECTORY_VERSION, keys.length, ...keys.flat()];
}

/** GDAL_METADATA (dataset items, band descriptions) and GDAL_NODATA. */
function gdalEntries(o: GeoTiffWriteOptions, nodata: number | undefined): Entry[] {
  const entries: Entry[] = [];
  const items: string[] = [];
  for (const [k, v] of Object.entries(o.metadata ?? {})) items.push(`  <Item name="${xmlEscape(k)}">${xmlEscape(v)}</Item>`);
  (o.bandNames ?? []).forEach((name, i) => {
    items.push(`  <Item name="DESCRIPTION" sample="${i}" role="description">${xmlEscape(name)}</Item>`);
  });
  // GDAL's band unit (gdalinfo prints it as "Unit Type:").
  (o.bandUnits ?? []).forEach((unit, i) => {
    if (unit) items.push(`  <Item name="UNITTYPE" sample="${i}" role="unittype">${xmlEscape(unit)}</Item>`);
  });
  if (items.length) entries.push(ascii(Tag.GdalMetadata, `<GDALMetadata>\n${items.join('\n')}\n</GDALMetadata>`));
  if (nodata !== undefined) entries.push(ascii(Tag.GdalNodata, nodataString(nodata)));
  return entries;
}
