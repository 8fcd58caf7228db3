// What a GeoTIFF write is asked for, checked, and turned into the file's shape before any band is encoded.
import { ProspectError, type GridSpec } from '../types';
import { Predictor, SampleFormat } from './tiff-tags';

export type RasterBand = Float32Array | Float64Array | Uint8Array | Int16Array | Uint16Array;

export interface GeoTiffWriteOptions {
  spec: GridSpec;
  /** Row-major bands of spec.width x spec.height, all of one type. */
  bands: RasterBand[];
  /** Written as GDAL_NODATA; float NaN cells are stored as this value (default for floats: NaN itself). */
  nodata?: number;
  compress?: 'none' | 'deflate';
  /** Predictor with DEFLATE: floating-point (3) for float bands, horizontal (2) for integers. Default true. */
  predictor?: boolean;
  /** zlib level 1-9 (default 6). */
  level?: number;
  /** Tile side (multiple of 16, default 256); 0 = strips. */
  tileSize?: number;
  /**
   * Store identical blocks once, every copy's offset pointing at it (default false). Readers see the same pixels; a
   * mostly-nodata grid shrinks to its data blocks plus one nodata block. (GDAL's SPARSE_OK omits such blocks instead,
   * which geotiff.js reads back as 0 when nodata is NaN.)
   */
  shareBlocks?: boolean;
  /** For one UInt8 band: 256 (or fewer) [r, g, b] entries 0-255; written as a palette (Photometric 3). */
  colorTable?: [number, number, number][];
  bandNames?: string[];
  /** Dataset-level metadata items for GDAL_METADATA. */
  metadata?: Record<string, string>;
}

export interface SampleInfo { bits: number; format: number; float: boolean; name: string }

function sampleInfo(b: RasterBand): SampleInfo {
  if (b instanceof Float32Array) return { bits: 32, format: SampleFormat.IeeeFloat, float: true, name: 'Float32' };
  if (b instanceof Float64Array) return { bits: 64, format: SampleFormat.IeeeFloat, float: true, name: 'Float64' };
  if (b instanceof Uint8Array) return { bits: 8, format: SampleFormat.UnsignedInt, float: false, name: 'Byte' };
  if (b instanceof Int16Array) return { bits: 16, format: SampleFormat.SignedInt, float: false, name: 'Int16' };
  if (b instanceof Uint16Array) return { bits: 16, format: SampleFormat.UnsignedInt, float: false, name: 'UInt16' };
  throw new ProspectError('Bands must be Float32, Float64, Uint8, Int16 or Uint16 arrays.', 'TIFF_BAD_TYPE');
}


/** The file's shape, decided once from the options: what the block and IFD stages work from. */
export interface Plan {
  width: number;
  height: number;
  sample: SampleInfo;
  /** Bytes per sample. */
  bps: number;
  bands: number;
  tiled: boolean;
  /** Block width and height: the tile, or the full width by rows worth ~64 KiB. */
  bw: number;
  bh: number;
  nbx: number;
  nby: number;
  deflate: boolean;
  predictor: number;
  nodata: number | undefined;
  /** Float NaN cells are stored as a numeric nodata value. */
  replaceNaN: boolean;
  palette: boolean;
}

/** Checks the options and decides the layout; every error about the input is raised here, before any work. */
export function planFile(o: GeoTiffWriteOptions): Plan {
  const { spec: { width, height }, bands } = o;
  if (bands.length === 0) throw new ProspectError('At least one band is needed to write a GeoTIFF.', 'TIFF_NO_BANDS');
  const sample = sampleInfo(bands[0]);
  for (const [i, b] of bands.entries()) {
    if (b.constructor !== bands[0].constructor) {
      throw new ProspectError(`Band ${i + 1} is ${sampleInfo(b).name}, band 1 ${sample.name}: give one type.`, 'TIFF_BAD_TYPE');
    }
    if (b.length !== width * height) {
      throw new ProspectError(`Band ${i + 1} has ${b.length} cells, the grid ${width} x ${height}.`, 'TIFF_BAD_SIZE');
    }
  }
  const tile = o.tileSize ?? 256;
  if (tile !== 0 && (tile % 16 !== 0 || tile <= 0)) {
    throw new ProspectError(`Tile size ${tile} must be a positive multiple of 16 (or 0 for strips).`, 'TIFF_BAD_TILE');
  }
  const palette = o.colorTable !== undefined && sample.bits === 8 && bands.length === 1;
  if (o.colorTable && !palette) throw new ProspectError('A colour table needs exactly one Uint8 band.', 'TIFF_BAD_PALETTE');
  const bps = sample.bits / 8;
  const deflate = o.compress === 'deflate';
  const predictor = !deflate || o.predictor === false ? Predictor.None
    : sample.float ? Predictor.FloatingPoint : Predictor.Horizontal;
  const nodata = o.nodata ?? (sample.float ? NaN : undefined);
  const bw = tile || width;
  const bh = tile || Math.max(1, Math.min(height, Math.floor(65536 / (width * bps))));
  return {
    width, height, sample, bps, bands: bands.length, tiled: tile !== 0, bw, bh,
    nbx: Math.ceil(width / bw), nby: Math.ceil(height / bh), deflate, predictor, nodata,
    replaceNaN: sample.float && nodata !== undefined && !Number.isNaN(nodata), palette,
  };
}

/** Rows in block row ty: tiles are always full (padded), the last strip stops at the grid's edge. */
export function blockRows(p: Plan, ty: number): number {
  return p.tiled ? p.bh : Math.min(p.bh, p.height - ty * p.bh);
}
