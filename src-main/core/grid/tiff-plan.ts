// What a GeoTIFF write is asked for, checked, and turned into the file's shape before any band is encoded.
import { ProspectError, type GridSpec } from '../types';
import { Predictor, SampleFormat } from './tiff-tags';

export type RasterBand = Float32Array | Float64Array | Uint8Array | Int16Array | Uint16Array;

/** 'planes': our encoder for Float32 tiles under the floating-point predictor (deflate-planes); zlib's otherwise. */
export type DeflateStrategy = 'planes' | 'default' | 'rle' | 'filtered' | 'huffman';
export type OverviewResampling = 'average' | 'nearest';

/**
 * The default DEFLATE setting, chosen by measurement (`npm run bench -- grid deflate`, figures in docs/gis.md): zlib's
 * level 6 writes files 5% smaller than its fastest setting (run-length, level 1) at twice the time, which a single
 * map can afford; level 9 takes twice as long again for 0.2%. Grid stacks, where the time counts, are written with
 * the plane encoder instead (app/steps/grid-files.ts), at ~2x the fastest zlib setting and ~9% larger files.
 */
export const DEFAULT_DEFLATE = { level: 6, strategy: 'default' as DeflateStrategy };

export interface GeoTiffWriteOptions {
  spec: GridSpec;
  /** Row-major bands of spec.width x spec.height, all of one type. */
  bands: RasterBand[];
  /** Written as GDAL_NODATA; float NaN cells are stored as this value (default for floats: NaN itself). */
  nodata?: number;
  compress?: 'none' | 'deflate';
  /** Predictor with DEFLATE: floating-point (3) for float bands, horizontal (2) for integers. Default true. */
  predictor?: boolean;
  /** zlib level 1-9 where zlib compresses (default DEFAULT_DEFLATE.level). */
  level?: number;
  /**
   * One of zlib's strategies ('default', zlib's own, unless DEFAULT_DEFLATE says otherwise), or 'planes': our fast
   * encoder where it applies (Float32 tiles under the predictor), zlib's run-length strategy elsewhere.
   */
  strategy?: DeflateStrategy;
  /** Tile side (multiple of 16, default 256); 0 = strips. */
  tileSize?: number;
  /**
   * Cloud Optimized GeoTIFF layout (default: true when tiled): GDAL's structural metadata, every IFD before any
   * data, the smallest overview's tiles first and the full resolution last, each tile with its size before it and
   * its last 4 bytes repeated after it.
   */
  cog?: boolean;
  /**
   * Internal overviews, halving until the image fits in one tile (tiled files only). 'auto' (the default for a COG):
   * averages of the valid cells for float bands (continuous maps), nearest for integer bands (class maps).
   */
  overviews?: 'auto' | 'none' | OverviewResampling;
  /**
   * Store identical blocks once, every copy's offset pointing at it (default false). Readers see the same pixels; a
   * mostly-nodata grid shrinks to its data blocks plus one nodata block. (GDAL's SPARSE_OK omits such blocks instead,
   * which geotiff.js reads back as 0 when nodata is NaN.)
   */
  shareBlocks?: boolean;
  /** For one UInt8 band: 256 (or fewer) [r, g, b] entries 0-255; written as a palette (Photometric 3). */
  colorTable?: [number, number, number][];
  bandNames?: string[];
  /** Each band's unit (GDAL's unit type, e.g. 'ppm'); '' for none. */
  bandUnits?: string[];
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

/** One image of the file (the full resolution, or an overview): its size and its blocks across and down. */
export interface ImageShape { width: number; height: number; nbx: number; nby: number }

/** How a block is cut from a band and prepared for compression: all a worker thread needs besides the band. */
export interface BlockGeometry {
  width: number;
  height: number;
  /** Bytes per sample. */
  bps: number;
  tiled: boolean;
  /** Block width and height: the tile, or the full width by rows worth ~64 KiB. */
  bw: number;
  bh: number;
  nbx: number;
  nby: number;
  predictor: number;
  nodata: number | undefined;
  /** Float NaN cells are stored as a numeric nodata value. */
  replaceNaN: boolean;
}

/** The file's shape, decided once from the options: what the block and IFD stages work from. */
export interface Plan extends BlockGeometry {
  sample: SampleInfo;
  bands: number;
  deflate: boolean;
  level: number;
  strategy: DeflateStrategy;
  palette: boolean;
  cog: boolean;
  /** The full resolution first, then each overview, halving. */
  images: ImageShape[];
  resampling: OverviewResampling | null;
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
  const tiled = tile !== 0;
  if (!tiled && o.cog) throw new ProspectError('A Cloud Optimized GeoTIFF is tiled: give a tile size, not 0.', 'TIFF_BAD_TILE');
  const cog = o.cog ?? tiled;
  const asked = o.overviews ?? (cog ? 'auto' : 'none');
  if (!tiled && asked !== 'none') throw new ProspectError('Overviews need a tiled file: give a tile size, not 0.', 'TIFF_BAD_TILE');
  const resampling = asked === 'none' ? null : asked === 'auto' ? (sample.float ? 'average' : 'nearest') : asked;
  const palette = o.colorTable !== undefined && sample.bits === 8 && bands.length === 1;
  if (o.colorTable && !palette) throw new ProspectError('A colour table needs exactly one Uint8 band.', 'TIFF_BAD_PALETTE');
  const level = o.level ?? DEFAULT_DEFLATE.level;
  if (!(Number.isInteger(level) && level >= 1 && level <= 9)) {
    throw new ProspectError(`The DEFLATE level must be a whole number from 1 to 9 (got ${level}).`, 'TIFF_BAD_LEVEL');
  }
  const bps = sample.bits / 8;
  const deflate = o.compress === 'deflate';
  const predictor = !deflate || o.predictor === false ? Predictor.None
    : sample.float ? Predictor.FloatingPoint : Predictor.Horizontal;
  const nodata = o.nodata ?? (sample.float ? NaN : undefined);
  const bw = tile || width;
  const bh = tile || Math.max(1, Math.min(height, Math.floor(65536 / (width * bps))));
  const shape = (w: number, h: number): ImageShape => ({ width: w, height: h, nbx: Math.ceil(w / bw), nby: Math.ceil(h / bh) });
  const images = [shape(width, height)];
  // Halve (rounding up, as GDAL does) until the overview fits in one tile.
  for (let w = width, h = height; resampling && (w > bw || h > bh);) {
    w = Math.ceil(w / 2); h = Math.ceil(h / 2);
    images.push(shape(w, h));
  }
  return {
    ...images[0], sample, bps, bands: bands.length, tiled, bw, bh, deflate, level, strategy: o.strategy ?? DEFAULT_DEFLATE.strategy,
    predictor, nodata, replaceNaN: sample.float && nodata !== undefined && !Number.isNaN(nodata), palette, cog, images, resampling,
  };
}

/** The block geometry of one image of the file (0: full resolution, then the overviews). */
export function imageGeometry(p: Plan, image: number): BlockGeometry {
  const { width, height, nbx, nby } = p.images[image];
  return { width, height, nbx, nby, bps: p.bps, tiled: p.tiled, bw: p.bw, bh: p.bh, predictor: p.predictor, nodata: p.nodata, replaceNaN: p.replaceNaN };
}

/** Rows in block row ty: tiles are always full (padded), the last strip stops at the grid's edge. */
export function blockRows(g: BlockGeometry, ty: number): number {
  return g.tiled ? g.bh : Math.min(g.bh, g.height - ty * g.bh);
}
