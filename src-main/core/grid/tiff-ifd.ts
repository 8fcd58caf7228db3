// The TIFF container around the blocks: the IFD entries (image structure, palette, georeferencing, GDAL's tags),
// where everything goes in the file, and the bytes before the first block.
import type { GridSpec } from '../types';
import { epsgCode } from './spec';
import {
  Compression, ExtraSample, FieldType, GEOKEY_DIRECTORY_VERSION, GEOKEY_INLINE, GeoKey, IFD_ENTRY_BYTES, ModelType,
  Photometric, PlanarConfiguration, Predictor, RasterType, Tag, TIFF_HEADER_BYTES, TIFF_MAGIC,
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

/** Every IFD entry, sorted by tag; `offsets` is the block offsets entry, zero until the layout is known. */
export function ifdEntries(o: GeoTiffWriteOptions, p: Plan, blocks: Buffer[]): { entries: Entry[]; offsets: Entry } {
  const offsets = longs(p.tiled ? Tag.TileOffsets : Tag.StripOffsets, Array(blocks.length).fill(0));
  const entries = [
    offsets,
    longs(p.tiled ? Tag.TileByteCounts : Tag.StripByteCounts, blocks.map((b) => b.length)),
    ...imageEntries(p),
    ...(o.colorTable && p.palette ? [colorMapEntry(o.colorTable)] : []),
    ...georeferencingEntries(o.spec),
    ...gdalEntries(o, p.nodata),
  ];
  entries.sort((a, b) => a.tag - b.tag);
  return { entries, offsets };
}

/** Size, sample layout, compression and blocking. */
function imageEntries(p: Plan): Entry[] {
  const n = p.bands;
  const entries = [
    longs(Tag.ImageWidth, [p.width]),
    longs(Tag.ImageLength, [p.height]),
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
  if (items.length) entries.push(ascii(Tag.GdalMetadata, `<GDALMetadata>\n${items.join('\n')}\n</GDALMetadata>`));
  if (nodata !== undefined) entries.push(ascii(Tag.GdalNodata, nodataString(nodata)));
  return entries;
}

export interface FileLayout {
  /** Where each entry's data goes when it does not fit in the entry (-1: inline). */
  dataOffsets: number[];
  /** Bytes before the first block: header, IFD and tag data. */
  headBytes: number;
  blockOffsets: number[];
  /** The blocks in file order, a shared block once. */
  stored: Buffer[];
  size: number;
}

/** Header, IFD, out-of-line tag data (word aligned), then the blocks. */
export function layOut(entries: Entry[], blocks: Buffer[], shareBlocks: boolean): FileLayout {
  const ifdBytes = 2 + entries.length * IFD_ENTRY_BYTES + 4;
  let pos = TIFF_HEADER_BYTES + ifdBytes;
  const dataOffsets = entries.map((e) => {
    if (e.data.length <= 4) return -1;
    pos += pos & 1;
    const at = pos;
    pos += e.data.length;
    return at;
  });
  pos += pos & 1;
  const headBytes = pos;
  const blockOffsets: number[] = [];
  const stored: Buffer[] = [];
  // With shareBlocks, a block equal to an earlier one with the same first bytes points at that copy instead.
  const seen = shareBlocks ? new Map<string, number>() : null;
  for (let k = 0; k < blocks.length; k++) {
    const b = blocks[k];
    if (seen) {
      const key = `${b.length}:${b.toString('latin1', 0, Math.min(8, b.length))}`;
      const first = seen.get(key);
      if (first !== undefined && (blocks[first] === b || blocks[first].equals(b))) { blockOffsets.push(blockOffsets[first]); continue; }
      if (first === undefined) seen.set(key, k);
    }
    blockOffsets.push(pos);
    stored.push(b);
    pos += b.length;
  }
  return { dataOffsets, headBytes, blockOffsets, stored, size: pos };
}

/** Header, IFD and out-of-line tag data: everything before the first block. */
export function writeHead(entries: Entry[], layout: FileLayout): Buffer {
  const head = Buffer.alloc(layout.headBytes);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(TIFF_MAGIC, 2);
  head.writeUInt32LE(TIFF_HEADER_BYTES, 4);
  head.writeUInt16LE(entries.length, TIFF_HEADER_BYTES);
  entries.forEach((e, i) => {
    const p = TIFF_HEADER_BYTES + 2 + i * IFD_ENTRY_BYTES;
    const at = layout.dataOffsets[i];
    head.writeUInt16LE(e.tag, p);
    head.writeUInt16LE(e.type, p + 2);
    head.writeUInt32LE(e.count, p + 4);
    if (at < 0) e.data.copy(head, p + 8);
    else { head.writeUInt32LE(at, p + 8); e.data.copy(head, at); }
  });
  // Offset of the next IFD: none.
  head.writeUInt32LE(0, TIFF_HEADER_BYTES + 2 + entries.length * IFD_ENTRY_BYTES);
  return head;
}

