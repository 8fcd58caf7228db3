// An offline basemap from a GeoTIFF the user gives (a hillshade, or an 8-bit RGB(A) map), resampled onto the
// project grid's extent as RGBA pixels. Each output pixel centre is taken to the file's CRS through proj4 and read
// there (nearest or bilinear), so a map in another CRS lands where GDAL's gdalwarp would put it.
import { fromFile, type GeoTIFF, type GeoTIFFImage } from 'geotiff';
import { epsgFromGeoKeys } from '../../grid/geotiff-read';
import { Project } from '../../store/project';
import { loadGridSpec } from '../../store/grids-repo';
import { ProspectError, type GridSpec } from '../../types';
import { makeTransformer } from '../../util/crs';
import { looksLikeMbtiles, readMbtilesBasemap } from '../../formats/mbtiles';
import type { Resampling, ImageBasemap, Basemap } from '../../view-types';

export type { Resampling, ImageBasemap, Basemap };

export interface BasemapOptions {
  maxSize: number;
  resampling?: Resampling;
}

const META_KEY = 'basemap';

/** The most pixels a basemap decodes (64 Mpx: 256 MB of RGBA); beyond it an overview must be there to read. */
export const BASEMAP_MAX_PIXELS = 64_000_000;

/**
 * The image to read: the full-resolution one, or the coarsest reduced-resolution overview (GDAL's internal overviews,
 * NewSubfileType 1; masks left out) whose pixels are still no larger than `ratio` full-resolution pixels.
 */
async function pickOverview(tiff: GeoTIFF, src: Source, ratio: number): Promise<{ image: GeoTIFFImage; sx: number; sy: number }> {
  let best = { image: src.image, sx: 1, sy: 1 };
  const count = await tiff.getImageCount();
  for (let i = 1; i < count && i < 32; i++) {
    const img = await tiff.getImage(i);
    const subfile = img.fileDirectory.hasTag('NewSubfileType') ? Number(await img.fileDirectory.loadValue('NewSubfileType')) : 0;
    if ((subfile & 1) === 0 || (subfile & 4) !== 0 || img.getSamplesPerPixel() !== src.bands) continue;
    const sx = src.width / img.getWidth(), sy = src.height / img.getHeight();
    if (Math.max(sx, sy) <= ratio && sx * sy > best.sx * best.sy) best = { image: img, sx, sy };
  }
  return best;
}

/** The file's raster: its lattice in its own CRS, as a GridSpec. */
interface Source extends GridSpec {
  image: GeoTIFFImage;
  bands: number;
  nodata: number | null;
}

async function openSource(file: string, image: GeoTIFFImage): Promise<Source> {
  const fd = image.fileDirectory;
  const geoKeys = fd.hasTag('GeoKeyDirectory') ? ((await fd.loadValue('GeoKeyDirectory')) as number[]) : undefined;
  let crs: string;
  try {
    crs = epsgFromGeoKeys(geoKeys, file);
  } catch {
    throw new ProspectError(`${file} has no coordinate system a basemap can be placed by: assign one with ` +
      'gdal_translate -a_srs EPSG:<code>, or warp it to the project\'s with gdalwarp -t_srs.', 'BASEMAP_NO_CRS', { file });
  }
  if (fd.hasTag('ModelTransformation') && !fd.hasTag('ModelPixelScale')) {
    throw new ProspectError(`${file} is rotated or sheared; warp it north-up first (gdalwarp).`, 'BASEMAP_ROTATED', { file });
  }
  const [xmin, ymax] = image.getOrigin();
  const [rx, ry] = image.getResolution();
  if (!(rx > 0) || !(ry < 0)) {
    throw new ProspectError(`${file} is not north-up (pixel size ${rx}, ${ry}); warp it north-up first (gdalwarp).`, 'BASEMAP_NOT_NORTH_UP', { file });
  }
  const bands = image.getSamplesPerPixel();
  if (bands !== 1 && bands !== 3 && bands !== 4) {
    throw new ProspectError(`${file} has ${bands} bands; a basemap is a hillshade (1 band) or an RGB(A) map (3 or 4 bands).`, 'BASEMAP_BANDS', { file });
  }
  if (bands > 1 && (image.getBitsPerSample() !== 8 || image.getSampleFormat() !== 1)) {
    throw new ProspectError(`${file} is an ${bands}-band map of ${image.getBitsPerSample()}-bit samples; an RGB(A) basemap must be 8-bit ` +
      '(gdal_translate -ot Byte -scale).', 'BASEMAP_BITS', { file });
  }
  return { image, crs, xmin, ymax, cellX: rx, cellY: -ry, width: image.getWidth(), height: image.getHeight(), bands, nodata: image.getGDALNoData() };
}

/** The output pixels: the grid's extent at most maxSize a side, square pixels as near as whole numbers allow. */
function outputGrid(spec: GridSpec, maxSize: number): { width: number; height: number; extent: ImageBasemap['extent'] } {
  const w = spec.width * spec.cellX;
  const h = spec.height * spec.cellY;
  const px = Math.max(w, h) / maxSize;
  return {
    width: Math.max(1, Math.round(w / px)),
    height: Math.max(1, Math.round(h / px)),
    extent: { xmin: spec.xmin, ymin: spec.ymax - h, xmax: spec.xmin + w, ymax: spec.ymax },
  };
}

/** 8-bit grey levels of a one-band file that is not 8-bit (a DEM, a float hillshade): its range over the window. */
function toBytes(band: ArrayLike<number>, nodata: number | null): Float32Array {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < band.length; i++) {
    const v = band[i]!;
    if (!Number.isFinite(v) || v === nodata) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  return Float32Array.from(band, (v) => (!Number.isFinite(v) || v === nodata ? NaN : (v - lo) * scale));
}

/**
 * The basemap of `file` over the grid `spec` (with its CRS). Errors name the file: unreadable, no CRS, wrong band
 * layout, or no overlap with the grid.
 */
export async function readBasemap(file: string, spec: GridSpec, opts: BasemapOptions): Promise<ImageBasemap> {
  let tiff;
  try {
    tiff = await fromFile(file);
  } catch (err) {
    throw new ProspectError(`Cannot open ${file} as a GeoTIFF basemap: ${(err as Error).message}.`, 'BASEMAP_OPEN', { file });
  }
  try {
    let image: GeoTIFFImage;
    try {
      image = await tiff.getImage();
    } catch (err) {
      throw new ProspectError(`Cannot read ${file} as a GeoTIFF basemap: ${(err as Error).message}.`, 'BASEMAP_OPEN', { file });
    }
    const src = await openSource(file, image);
    const out = outputGrid(spec, Math.max(1, Math.floor(opts.maxSize)));
    const n = out.width * out.height;
    const cx = new Float64Array(n);
    const cy = new Float64Array(n);
    const dx = (out.extent.xmax - out.extent.xmin) / out.width;
    const dy = (out.extent.ymax - out.extent.ymin) / out.height;
    for (let r = 0; r < out.height; r++) {
      for (let c = 0; c < out.width; c++) {
        cx[r * out.width + c] = out.extent.xmin + (c + 0.5) * dx;
        cy[r * out.width + c] = out.extent.ymax - (r + 0.5) * dy;
      }
    }
    const t = makeTransformer(spec.crs, src.crs)(cx, cy);
    // Pixel-space position in the source (pixel (i, j) covers [i, i + 1) x [j, j + 1)).
    const fx = new Float64Array(n);
    const fy = new Float64Array(n);
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      fx[i] = (t.x[i]! - src.xmin) / src.cellX;
      fy[i] = (src.ymax - t.y[i]!) / src.cellY;
      if (fx[i]! >= 0 && fx[i]! < src.width && fy[i]! >= 0 && fy[i]! < src.height) {
        x0 = Math.min(x0, fx[i]!); x1 = Math.max(x1, fx[i]!); y0 = Math.min(y0, fy[i]!); y1 = Math.max(y1, fy[i]!);
      }
    }
    if (x0 === Infinity) {
      throw new ProspectError(`${file} does not overlap the project's grid (${spec.crs}, x ${out.extent.xmin}..${out.extent.xmax}, ` +
        `y ${out.extent.ymin}..${out.extent.ymax}); choose a basemap of the study area.`, 'BASEMAP_NO_OVERLAP', { file });
    }
    // The coarsest overview still as fine as the output (a basemap of a few hundred pixels a side needs no more), so a
    // large map with overviews is read small; then the pixel cap on what is decoded.
    const level = await pickOverview(tiff, src, Math.max((x1 - x0) / out.width, (y1 - y0) / out.height));
    if (level.image !== image) {
      for (let i = 0; i < n; i++) { fx[i] = fx[i]! / level.sx; fy[i] = fy[i]! / level.sy; }
      x0 /= level.sx; x1 /= level.sx; y0 /= level.sy; y1 /= level.sy;
    }
    const lw = level.image.getWidth(), lh = level.image.getHeight();
    // Only the part of the file under the grid is read, with a pixel of margin for bilinear neighbours.
    const win = [Math.max(0, Math.floor(x0) - 1), Math.max(0, Math.floor(y0) - 1), Math.min(lw, Math.floor(x1) + 2), Math.min(lh, Math.floor(y1) + 2)];
    const ww = win[2]! - win[0]!;
    const wh = win[3]! - win[1]!;
    if (ww * wh > BASEMAP_MAX_PIXELS) {
      throw new ProspectError(`${file}: the part under the grid is ${ww} x ${wh} pixels (${(ww * wh / 1e6).toFixed(0)} Mpx), more than the ` +
        `${BASEMAP_MAX_PIXELS / 1e6} Mpx a basemap may decode. Add overviews (gdaladdo -r average ${file}) or make a coarser copy ` +
        '(gdalwarp -tr METRES METRES), then choose it again.', 'BASEMAP_TOO_LARGE', { file, width: ww, height: wh, cap: BASEMAP_MAX_PIXELS });
    }
    const raw = (await level.image.readRasters({ window: win, interleave: false })) as unknown as ArrayLike<number>[];
    const eightBit = src.image.getBitsPerSample() === 8 && src.image.getSampleFormat() === 1;
    const bands = raw.map((b) => (src.bands === 1 && !eightBit ? toBytes(b, src.nodata) : b));
    const nodata = src.bands === 1 && !eightBit ? null : src.nodata;
    const valid = (k: number) => bands.every((b) => Number.isFinite(b[k]!)) && (nodata === null || bands.some((b) => b[k] !== nodata));
    const alphaOf = (k: number) => (src.bands === 4 ? bands[3]![k]! : 255);
    const rgba = new Uint8Array(n * 4);
    const bilinear = opts.resampling === 'bilinear';
    const put = (k: number, w: number, acc: Float64Array) => {
      for (let b = 0; b < Math.min(3, bands.length); b++) acc[b] += w * bands[b]![k]!;
      acc[3] += w * alphaOf(k);
      acc[4] += w;
    };
    const acc = new Float64Array(5);
    for (let i = 0; i < n; i++) {
      const px = fx[i]!, py = fy[i]!;
      if (!(px >= 0 && px < lw && py >= 0 && py < lh)) continue;
      acc.fill(0);
      if (bilinear) {
        // Neighbouring pixel centres around the point, each weighted by its share; missing ones are left out.
        const gx = px - 0.5 - win[0]!, gy = py - 0.5 - win[1]!;
        const ix = Math.floor(gx), iy = Math.floor(gy);
        const ax = gx - ix, ay = gy - iy;
        for (const [ox, oy, w] of [[0, 0, (1 - ax) * (1 - ay)], [1, 0, ax * (1 - ay)], [0, 1, (1 - ax) * ay], [1, 1, ax * ay]] as const) {
          const x = ix + ox, y = iy + oy;
          if (w === 0 || x < 0 || y < 0 || x >= ww || y >= wh) continue;
          const k = y * ww + x;
          if (valid(k)) put(k, w, acc);
        }
      } else {
        const k = (Math.floor(py) - win[1]!) * ww + (Math.floor(px) - win[0]!);
        if (valid(k)) put(k, 1, acc);
      }
      if (acc[4] === 0) continue;
      const grey = bands.length === 1;
      rgba[i * 4] = Math.round(acc[0]! / acc[4]!);
      rgba[i * 4 + 1] = Math.round((grey ? acc[0]! : acc[1]!) / acc[4]!);
      rgba[i * 4 + 2] = Math.round((grey ? acc[0]! : acc[2]!) / acc[4]!);
      rgba[i * 4 + 3] = Math.round(acc[3]! / acc[4]!);
    }
    return { file, kind: src.bands === 1 ? 'grey' : src.bands === 3 ? 'rgb' : 'rgba', crs: src.crs, width: out.width, height: out.height, rgba, extent: out.extent };
  } catch (err) {
    if (err instanceof ProspectError) throw err;
    throw new ProspectError(`Cannot read ${file} as a basemap: ${(err as Error).message}.`, 'BASEMAP_READ', { file });
  } finally {
    await tiff.close();
  }
}

/** The project's basemap (MBTiles when the file is SQLite, else GeoTIFF): read over its grid, and remembered in the project file for the next session. */
export async function projectBasemap(p: Project, file: string, opts: BasemapOptions): Promise<Basemap> {
  const spec = loadGridSpec(p);
  if (!spec) throw new ProspectError(`${p.path} has no grid yet to lay a basemap under; run the grid step first.`, 'NO_GRID', { file });
  const map = looksLikeMbtiles(file) ? readMbtilesBasemap(file, spec, opts) : await readBasemap(file, spec, opts);
  remember(p, file);
  return map;
}

/**
 * Remembers the basemap in the project. A viewer's read-only open (the app while a job writes the project) tries a
 * short writer's open; when another program holds the project or it is read-only, the map is shown, not remembered.
 */
function remember(p: Project, file: string): void {
  if (!p.isReadOnly) return p.setMeta(META_KEY, file);
  let w: Project;
  try {
    w = Project.open(p.path);
  } catch (e) {
    if (e instanceof ProspectError && (e.code === 'PROJECT_LOCKED' || e.code === 'PROJECT_READONLY')) return;
    throw e;
  }
  try {
    w.setMeta(META_KEY, file);
  } finally {
    w.close();
  }
}

/** The basemap file this project last showed, if any. */
export function savedBasemap(p: Project): string | null {
  return p.getMeta(META_KEY) || null;
}
