// GeoTIFF reading through geotiff.js, with our own reading of the CRS from the GeoKeys.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fromFile, type GeoTIFFImage } from 'geotiff';
import { ProspectError, throwIfAborted, type GridSpec, type GridStack, type TaskOptions } from '../types';
import { checkName } from '../util/safe-name';
import { GEOKEY_INLINE, GEOKEY_USER_DEFINED, GeoKey, ModelType } from './tiff-tags';

export interface ReadGrid {
  spec: GridSpec;
  /** Bands as Float32 with nodata cells set to NaN. */
  bands: Float32Array[];
  nodata: number | null;
  /** Band descriptions from GDAL_METADATA, when present. */
  bandNames: (string | null)[];
}

/** The EPSG code from a GeoKeyDirectory array: projected CS first, then geographic. */
export function epsgFromGeoKeys(dir: ArrayLike<number> | undefined, file: string, crsOverride?: string): string {
  if (crsOverride) return crsOverride;
  const keys = new Map<number, number>();
  if (dir && dir.length >= 4) {
    const n = dir[3];
    // Only keys stored inline (TIFFTagLocation 0) carry codes.
    for (let i = 0; i < n; i++) if (dir[4 + i * 4 + 1] === GEOKEY_INLINE) keys.set(dir[4 + i * 4], dir[4 + i * 4 + 3]);
  }
  const geographic = keys.get(GeoKey.GTModelType) === ModelType.Geographic;
  const code = geographic ? keys.get(GeoKey.GeographicType) : keys.get(GeoKey.ProjectedCSType) ?? keys.get(GeoKey.GeographicType);
  if (code === undefined || code === GEOKEY_USER_DEFINED || code === 0) {
    throw new ProspectError(
      `${file} has ${code === GEOKEY_USER_DEFINED ? 'a user-defined' : 'no EPSG'} coordinate system, which cannot be matched ` +
        'safely: give its EPSG code with --crs (e.g. --crs EPSG:32645), or reproject it with gdalwarp -t_srs EPSG:<code>.',
      'TIFF_NO_EPSG', { file },
    );
  }
  return `EPSG:${code}`;
}

function specOf(image: GeoTIFFImage, file: string, crs: string): GridSpec {
  const fd = image.fileDirectory;
  if (fd.hasTag('ModelTransformation') && !fd.hasTag('ModelPixelScale')) {
    throw new ProspectError(`${file} is rotated or sheared; warp it north-up first (gdalwarp).`, 'TIFF_ROTATED', { file });
  }
  const [xmin, ymax] = image.getOrigin();
  const [rx, ry] = image.getResolution();
  if (!(rx > 0) || !(ry < 0)) {
    throw new ProspectError(`${file} is not north-up (pixel size ${rx}, ${ry}); warp it north-up first (gdalwarp).`,
      'TIFF_NOT_NORTH_UP', { file });
  }
  return { crs, xmin, ymax, cellX: rx, cellY: -ry, width: image.getWidth(), height: image.getHeight() };
}

function bandDescriptions(xml: string | undefined, n: number): (string | null)[] {
  const names: (string | null)[] = new Array(n).fill(null);
  if (!xml) return names;
  const re = /<Item\s+name="DESCRIPTION"\s+sample="(\d+)"[^>]*>([^<]*)<\/Item>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const i = Number(m[1]);
    if (i < n) names[i] = m[2].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  return names;
}

/** Reads every band of a GeoTIFF as Float32 (nodata -> NaN). `crs` overrides the file's CRS (e.g. user-defined). */
/** The most values a GeoTIFF read as a grid may hold (100 M: 400 MB as Float32; the paper's 3072 x 3072 is 9.4 M). */
export const GRID_MAX_PIXELS = 100_000_000;
/** The most values a whole imported stack may hold (all its files together: 1.6 GB as Float32). */
export const STACK_MAX_VALUES = 400_000_000;

export async function readGeoTiff(file: string, opts: TaskOptions & { crs?: string; maxPixels?: number } = {}): Promise<ReadGrid> {
  throwIfAborted(opts.signal);
  let tiff;
  try {
    tiff = await fromFile(file);
  } catch (err) {
    throw new ProspectError(`Cannot open ${file} as a GeoTIFF: ${(err as Error).message}.`, 'TIFF_OPEN', { file });
  }
  try {
    const image = await tiff.getImage();
    const fd = image.fileDirectory;
    const geoKeys = fd.hasTag('GeoKeyDirectory') ? ((await fd.loadValue('GeoKeyDirectory')) as number[]) : undefined;
    const crs = epsgFromGeoKeys(geoKeys, file, opts.crs);
    const spec = specOf(image, file, crs);
    // The declared size, before anything is decoded: a small compressed file may declare billions of pixels.
    const pixels = spec.width * spec.height * image.getSamplesPerPixel();
    const cap = opts.maxPixels ?? GRID_MAX_PIXELS;
    if (pixels > cap) {
      throw new ProspectError(`${file} is ${spec.width} x ${spec.height} cells x ${image.getSamplesPerPixel()} band(s) (${(pixels / 1e6).toFixed(0)} M values), ` +
        `more than the ${cap / 1e6} M a grid file may hold. Resample it coarser first (gdalwarp -tr METRES METRES).`,
      'TIFF_TOO_LARGE', { file, width: spec.width, height: spec.height, cap });
    }
    const nodata = image.getGDALNoData();
    const raw = (await image.readRasters({ interleave: false, signal: opts.signal })) as unknown as ArrayLike<number>[];
    const nd = nodata === null ? null : Math.fround(nodata);
    const bands = Array.from(raw, (b) => {
      const f = b instanceof Float32Array ? b : Float32Array.from(b);
      if (nodata !== null) {
        // Compare in the file's own precision: a Float32 -3.4e38 nodata written as a double string still matches.
        const isF32 = b instanceof Float32Array;
        for (let i = 0; i < f.length; i++) if ((isF32 ? f[i] === nd : b[i] === nodata)) f[i] = NaN;
      }
      return f;
    });
    const meta = fd.hasTag('GDAL_METADATA') ? String(await fd.loadValue('GDAL_METADATA')) : undefined;
    return { spec, bands, nodata, bandNames: bandDescriptions(meta, bands.length) };
  } catch (err) {
    if (err instanceof ProspectError) throw err;
    throw new ProspectError(`Cannot read ${file}: ${(err as Error).message}.`, 'TIFF_READ', { file });
  } finally {
    await tiff.close();
  }
}

const TIFF_RE = /\.tiff?$/i;

/** Element name from a file name: `Au.tif` -> 'Au'. */
export function elementFromFileName(file: string): string {
  return path.basename(file).replace(TIFF_RE, '');
}

function sameSpec(a: GridSpec, b: GridSpec): string | null {
  if (a.crs !== b.crs) return `CRS ${b.crs} instead of ${a.crs}`;
  if (a.width !== b.width || a.height !== b.height) return `size ${b.width} x ${b.height} instead of ${a.width} x ${a.height}`;
  // Georeferencing written by different tools differs in the last digits; a thousandth of a cell is the same grid.
  const tol = 1e-3 * Math.min(a.cellX, a.cellY);
  if (Math.abs(a.xmin - b.xmin) > tol || Math.abs(a.ymax - b.ymax) > tol ||
      Math.abs(a.cellX - b.cellX) * a.width > tol || Math.abs(a.cellY - b.cellY) * a.height > tol) {
    return `geotransform (${b.xmin}, ${b.cellX}, ${b.ymax}, ${-b.cellY}) instead of (${a.xmin}, ${a.cellX}, ${a.ymax}, ${-a.cellY})`;
  }
  return null;
}

/**
 * An imported grid stack: one single-band GeoTIFF per element (a folder of them, or a list of files); the element is
 * named after the file. All must share CRS, geotransform and size.
 */
export async function readGridStack(
  dirOrFiles: string | string[],
  opts: TaskOptions & { crs?: string } = {},
): Promise<GridStack & { nodata: (number | null)[]; files: string[] }> {
  let files: string[];
  if (typeof dirOrFiles === 'string') {
    const st = await stat(dirOrFiles).catch(() => null);
    if (!st?.isDirectory()) {
      throw new ProspectError(`${dirOrFiles} is not a folder of GeoTIFFs.`, 'STACK_NOT_DIR', { file: dirOrFiles });
    }
    files = (await readdir(dirOrFiles)).filter((f) => TIFF_RE.test(f)).sort().map((f) => path.join(dirOrFiles, f));
  } else {
    files = [...dirOrFiles];
  }
  if (files.length === 0) {
    throw new ProspectError(`No .tif files found in ${String(dirOrFiles)}: one GeoTIFF per element is expected (Au.tif ...).`,
      'STACK_EMPTY', { file: String(dirOrFiles) });
  }
  const elements = files.map((f) => checkName(elementFromFileName(f), `the grid file ${f}`, { file: f }));
  const dup = elements.find((e, i) => elements.indexOf(e) !== i);
  if (dup) throw new ProspectError(`Two files give the element ${dup}: keep one.`, 'STACK_DUPLICATE', { file: dup });
  let spec: GridSpec | null = null;
  const bands: Float32Array[] = [];
  const nodata: (number | null)[] = [];
  for (const [i, file] of files.entries()) {
    throwIfAborted(opts.signal);
    const g = await readGeoTiff(file, opts);
    if (g.bands.length !== 1) {
      throw new ProspectError(`${file} has ${g.bands.length} bands; a stack needs one band per file.`, 'STACK_BANDS', { file });
    }
    if (spec === null) {
      spec = g.spec;
      if (files.length * spec.width * spec.height > STACK_MAX_VALUES) {
        throw new ProspectError(`${files.length} grids of ${spec.width} x ${spec.height} cells are more than the ${STACK_MAX_VALUES / 1e6} M values ` +
          'an imported stack may hold: import fewer elements, or resample them coarser (gdalwarp -tr).', 'STACK_TOO_LARGE', { file: String(dirOrFiles) });
      }
    } else {
      const why = sameSpec(spec, g.spec);
      if (why) {
        throw new ProspectError(
          `${file} does not match ${files[0]}: ${why}. Resample it onto the same grid (gdalwarp -te/-tr/-t_srs).`,
          'STACK_MISMATCH', { file },
        );
      }
    }
    bands.push(g.bands[0]);
    nodata.push(g.nodata);
    opts.onProgress?.({ step: 'read-grids', done: i + 1, total: files.length, message: path.basename(file) });
  }
  return { spec: spec as GridSpec, elements, bands, nodata, files };
}
