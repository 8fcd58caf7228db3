// Our Cloud Optimized GeoTIFFs judged by GDAL: its validator (every tile's leader and trailer included), its
// checksums of the pixels, and its own overviews computed from the same full-resolution image.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromFile } from 'geotiff';
import { EncodeArena, TiffEncoderPool, writeGeoTiff, encodeGeoTiff, type GeoTiffWriteOptions } from '../../src-main/core/grid/geotiff-write';
import { writeGridTiffs } from '../../src-main/core/app/steps/grid-files';
import type { GridSpec } from '../../src-main/core/types';
import { gdalChecksum, overviewsAgainstBlocks, overviewsAgainstGdal, rawChecksum, validateCog } from './cog-helpers';
import { gdalinfoJson, tempDir } from './helpers';

const dir = tempDir('cog-write-');
// Odd sizes, so edge tiles and overviews are partial.
const spec: GridSpec = { crs: 'EPSG:32650', xmin: 500000, ymax: 4100000, cellX: 50, cellY: 50, width: 1301, height: 853 };
const n = spec.width * spec.height;

/** A smooth surface with noise in the low bits, a band of nodata rows and a constant block (the encoder's other paths). */
function surface(seed: number): Float32Array {
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = i % spec.width, y = Math.floor(i / spec.width);
    b[i] = 50 + 20 * Math.sin((x + seed * 31) / 90) * Math.cos(y / 70) + ((i * 2654435761) >>> 0) / 2 ** 32;
  }
  b.fill(NaN, 300 * spec.width, 340 * spec.width);
  for (let y = 500; y < 700; y++) b.fill(7.25, y * spec.width + 100, y * spec.width + 600);
  for (let i = 0; i < 3000; i++) b[(i * 7919) % n] = NaN;
  return b;
}

async function valuesBack(file: string): Promise<ArrayLike<number>> {
  const t = await fromFile(file);
  const r = (await (await t.getImage()).readRasters({ interleave: false })) as unknown as ArrayLike<number>[];
  await t.close();
  return r[0];
}

describe('Cloud Optimized GeoTIFF', () => {
  const band = surface(1);
  const stored = Float32Array.from(band, (v) => (Number.isNaN(v) ? -9999 : v));
  const expected = rawChecksum(stored, spec.width, spec.height, dir, 'f32');

  it('is valid for GDAL, with averaged overviews, and pixels it reads back exactly', async () => {
    const file = path.join(dir, 'surface.tif');
    await writeGeoTiff(file, { spec, bands: [band], nodata: -9999, compress: 'deflate', bandNames: ['Cu'] });
    const v = validateCog(file);
    expect(v.valid, v.output).toBe(true);
    const info = gdalinfoJson(file);
    expect(info.metadata.IMAGE_STRUCTURE).toMatchObject({ LAYOUT: 'COG', COMPRESSION: 'DEFLATE', PREDICTOR: '3' });
    expect(info.bands[0].block).toEqual([256, 256]);
    expect(info.bands[0].checksum).toBe(expected);
    expect(info.bands[0].overviews.map((o: { size: number[] }) => o.size)).toEqual([[651, 427], [326, 214], [163, 107]]);
    expect(overviewsAgainstBlocks(file, 'average')).toEqual([
      { size: [651, 427], differ: 0 }, { size: [326, 214], differ: 0 }, { size: [163, 107], differ: 0 },
    ]);
    expect(Array.from(await valuesBack(file))).toEqual(Array.from(stored));
  });

  it('gives the same pixels with every DEFLATE setting, and the same bytes on the encoder workers as without', async () => {
    const sizes: Record<string, number> = {};
    const pool = new TiffEncoderPool(2);
    for (const [name, o] of [['planes', { strategy: 'planes' }], ['rle-1', { strategy: 'rle', level: 1 }], ['default-6', {}]] as const) {
      const file = path.join(dir, `setting_${name}.tif`);
      await writeGeoTiff(file, { spec, bands: [band], nodata: -9999, compress: 'deflate', ...o });
      expect(gdalChecksum(file), name).toBe(expected);
      expect(validateCog(file).valid, name).toBe(true);
      const here = await encodeGeoTiff({ spec, bands: [band], nodata: -9999, compress: 'deflate', ...o });
      const onWorkers = await encodeGeoTiff({ spec, bands: [band], nodata: -9999, compress: 'deflate', ...o }, { pool });
      expect(onWorkers.equals(here), name).toBe(true);
      sizes[name] = here.length;
    }
    await pool.close();
    // Overviews add a third to the raw size; every setting still saves.
    for (const [name, size] of Object.entries(sizes)) expect(size, name).toBeLessThan(n * 4);
    expect(sizes['default-6']).toBeLessThan(sizes['rle-1']);
  });

  it('writes the same bytes through arenas reused file after file, one of them too small for the blocks', async () => {
    const pool = new TiffEncoderPool(2);
    try {
      const two = [surface(2), surface(3)];
      const roomy = new EncodeArena(), small = new EncodeArena(8_000_000);
      for (const [name, bands] of [['one band', [band]], ['two bands', two], ['one band again', [two[1]]]] as [string, Float32Array[]][]) {
        const options: GeoTiffWriteOptions = { spec, bands, nodata: -9999, compress: 'deflate', strategy: 'planes' };
        const without = await encodeGeoTiff(options, { pool });
        expect((await encodeGeoTiff(options, { pool, arena: roomy })).equals(without), name).toBe(true);
        expect((await encodeGeoTiff(options, { pool, arena: small })).equals(without), `${name}, small arena`).toBe(true);
      }
      // The small arena held some blocks and handed the rest back: both paths ran.
      expect(Atomics.load(small.cursor, 0)).toBeGreaterThan(small.bytes.length);
      expect(small.bytes.length).toBe(8_000_000);
    } finally {
      await pool.close();
    }
  });

  it('takes the nearest cell for class maps, keeping the palette, as GDAL does', async () => {
    const cls = Uint8Array.from({ length: n }, (_, i) => 1 + ((Math.floor((i % spec.width) / 37) + Math.floor(i / spec.width / 41)) % 4));
    cls.fill(0, 0, 50 * spec.width);
    const file = path.join(dir, 'classes.tif');
    await writeGeoTiff(file, { spec, bands: [cls], nodata: 0, compress: 'deflate', colorTable: [[0, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0]] });
    expect(validateCog(file).valid).toBe(true);
    expect(gdalChecksum(file)).toBe(rawChecksum(cls, spec.width, spec.height, dir, 'u8'));
    expect(gdalinfoJson(file, false).bands[0].colorInterpretation).toBe('Palette');
    expect(overviewsAgainstBlocks(file, 'nearest').every((o) => o.differ === 0)).toBe(true);
  });

  it('builds the same overviews as gdaladdo at even sizes, averaged and nearest', async () => {
    const even: GridSpec = { ...spec, width: 1024, height: 1536 };
    const m = even.width * even.height;
    const f = Float32Array.from({ length: m }, (_, i) => 10 + Math.sin(i / 5000) + ((i * 40503) % 1000) / 997);
    for (let i = 0; i < m; i += 13) f[i] = NaN;
    f.fill(NaN, 0, 3 * even.width);
    const c = Uint8Array.from({ length: m }, (_, i) => (i % 7) + (Math.floor(i / even.width) % 3));
    const ff = path.join(dir, 'even_f32.tif'), fc = path.join(dir, 'even_u8.tif');
    await writeGeoTiff(ff, { spec: even, bands: [f], nodata: -9999, compress: 'deflate' });
    await writeGeoTiff(fc, { spec: even, bands: [c], compress: 'deflate' });
    expect(overviewsAgainstGdal(ff, 'average', dir)).toEqual([{ size: [512, 768], differ: 0 }, { size: [256, 384], differ: 0 }, { size: [128, 192], differ: 0 }]);
    expect(overviewsAgainstGdal(fc, 'nearest', dir)).toEqual([{ size: [512, 768], differ: 0 }, { size: [256, 384], differ: 0 }, { size: [128, 192], differ: 0 }]);
  });

  it('writes a stack through one shared set of workers, every file valid', async () => {
    const pool = new TiffEncoderPool(2);
    try {
      const stack = { spec, elements: ['As', 'Cu', 'Pb'], bands: [surface(2), band, surface(3)] };
      const files = await writeGridTiffs(stack, path.join(dir, 'stack'), { pool });
      expect(files.map((f) => path.basename(f))).toEqual(['As.tif', 'Cu.tif', 'Pb.tif']);
      for (const f of files) expect(validateCog(f).valid, f).toBe(true);
      expect(gdalChecksum(files[1])).toBe(expected);
    } finally {
      await pool.close();
    }
  });

  it('writes plain tiled files without overviews when asked, and refuses a COG without tiles', async () => {
    const file = path.join(dir, 'plain.tif');
    await writeGeoTiff(file, { spec, bands: [band], nodata: -9999, compress: 'deflate', cog: false });
    const info = gdalinfoJson(file);
    expect(info.bands[0].overviews ?? []).toEqual([]);
    expect(info.metadata.IMAGE_STRUCTURE.LAYOUT).toBeUndefined();
    expect(info.bands[0].checksum).toBe(expected);
    await expect(encodeGeoTiff({ spec, bands: [band], tileSize: 0, cog: true })).rejects.toMatchObject({ code: 'TIFF_BAD_TILE' });
    await expect(encodeGeoTiff({ spec, bands: [band], tileSize: 0, overviews: 'average' })).rejects.toMatchObject({ code: 'TIFF_BAD_TILE' });
    await expect(encodeGeoTiff({ spec, bands: [band], compress: 'deflate', level: 0 })).rejects.toMatchObject({ code: 'TIFF_BAD_LEVEL' });
  });
});
