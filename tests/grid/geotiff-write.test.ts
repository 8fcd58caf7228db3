import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromFile } from 'geotiff';
import { encodeGeoTiff, writeGeoTiff } from '../../src-main/core/grid/geotiff-write';
import { readGeoTiff } from '../../src-main/core/grid/geotiff-read';
import type { GridSpec } from '../../src-main/core/types';
import { gdalinfoJson, tempDir } from './helpers';

const dir = tempDir('tiff-write-');
// Odd sizes so that edge tiles and the last strip are partial.
const spec: GridSpec = { crs: 'EPSG:32635', xmin: 372500.5, ymax: 7884000, cellX: 250, cellY: 500, width: 301, height: 203 };

function floatBand(seed: number): Float32Array {
  const b = new Float32Array(spec.width * spec.height);
  for (let i = 0; i < b.length; i++) b[i] = Math.sin(i * 0.001 * seed) * 100 + (i % 7) * 0.125 + seed;
  for (let i = 0; i < 500; i++) b[(i * 7919) % b.length] = NaN;
  return b;
}

/** Checksums GDAL computes for the same raw data, written by gdal_translate from an EHdr raw file. */
function referenceChecksums(bands: ArrayBufferView[], pixelType: 'FLOAT' | 'UNSIGNEDINT' | 'SIGNEDINT', bits: number, nodata?: number): number[] {
  const base = path.join(dir, `ref_${pixelType}_${bits}_${bands.length}`);
  // An ENVI raw file: GDAL reads the bytes as they are, so the reference depends on nothing of ours.
  const types: Record<string, number> = { FLOAT_32: 4, FLOAT_64: 5, SIGNEDINT_16: 2, UNSIGNEDINT_16: 12, UNSIGNEDINT_8: 1 };
  const enviType = types[`${pixelType}_${bits}`];
  writeFileSync(`${base}.bil`, Buffer.concat(bands.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength))));
  writeFileSync(`${base}.hdr`, ['ENVI', `samples = ${spec.width}`, `lines = ${spec.height}`, `bands = ${bands.length}`,
    'header offset = 0', 'file type = ENVI Standard', `data type = ${enviType}`, 'interleave = bsq', 'byte order = 0', ''].join('\n'));
  const out = `${base}.tif`;
  execFileSync('gdal_translate', ['-q', '-of', 'GTiff', ...(nodata !== undefined ? ['-a_nodata', String(nodata)] : []), `${base}.bil`, out]);
  return gdalinfoJson(out).bands.map((b: { checksum: number }) => b.checksum);
}

async function geotiffJsValues(file: string): Promise<ArrayLike<number>[]> {
  const t = await fromFile(file);
  const img = await t.getImage();
  const r = (await img.readRasters({ interleave: false })) as unknown as ArrayLike<number>[];
  await t.close();
  return Array.from(r);
}

describe('writeGeoTiff', () => {
  const bands = [floatBand(1), floatBand(2), floatBand(3)];
  const expected = referenceChecksums(bands, 'FLOAT', 32);

  for (const variant of [
    { name: 'striped, uncompressed', o: { tileSize: 0, compress: 'none' as const } },
    { name: 'tiled 256, DEFLATE + float predictor', o: { tileSize: 256, compress: 'deflate' as const } },
    { name: 'tiled 64, DEFLATE, no predictor', o: { tileSize: 64, compress: 'deflate' as const, predictor: false } },
  ]) {
    it(`writes Float32 bands GDAL reads back (${variant.name})`, async () => {
      const file = path.join(dir, `f32_${variant.o.tileSize}_${variant.o.compress}_${String(variant.o.predictor)}.tif`);
      await writeGeoTiff(file, { spec, bands, bandNames: ['Cu', 'Pb', 'Zn'], ...variant.o });
      const info = gdalinfoJson(file);
      expect(info.stac['proj:epsg']).toBe(32635);
      expect(info.geoTransform).toEqual([spec.xmin, spec.cellX, 0, spec.ymax, 0, -spec.cellY]);
      expect(info.size).toEqual([spec.width, spec.height]);
      expect(info.metadata['']?.AREA_OR_POINT).toBe('Area');
      expect(info.bands.map((b: { checksum: number }) => b.checksum)).toEqual(expected);
      expect(info.bands.map((b: { description: string }) => b.description)).toEqual(['Cu', 'Pb', 'Zn']);
      expect(info.bands.every((b: { noDataValue: unknown }) => b.noDataValue === 'NaN')).toBe(true);
      if (variant.o.tileSize) expect(info.bands[0].block).toEqual([variant.o.tileSize, variant.o.tileSize]);
      const back = await geotiffJsValues(file);
      back.forEach((b, i) => expect(Array.from(b)).toEqual(Array.from(bands[i])));
      const ours = await readGeoTiff(file);
      expect(ours.spec).toEqual(spec);
      expect(ours.bandNames).toEqual(['Cu', 'Pb', 'Zn']);
    });
  }

  it('stores NaN as a numeric nodata when asked', async () => {
    const file = path.join(dir, 'f32_nodata.tif');
    await writeGeoTiff(file, { spec, bands: [bands[0]], nodata: -9999, compress: 'deflate' });
    const info = gdalinfoJson(file, false);
    expect(info.bands[0].noDataValue).toBe(-9999);
    const filled = Float32Array.from(bands[0], (v) => (Number.isNaN(v) ? -9999 : v));
    expect(Array.from((await geotiffJsValues(file))[0])).toEqual(Array.from(filled));
    const ours = await readGeoTiff(file);
    expect(ours.nodata).toBe(-9999);
    expect(Array.from(ours.bands[0])).toEqual(Array.from(bands[0]));
  });

  it('writes Int16 and UInt16 with the horizontal predictor, and Float64', async () => {
    const i16 = Int16Array.from({ length: spec.width * spec.height }, (_, i) => ((i * 37) % 65536) - 32768);
    const u16 = Uint16Array.from({ length: spec.width * spec.height }, (_, i) => (i * 101) % 65536);
    const f64 = Float64Array.from({ length: spec.width * spec.height }, (_, i) => Math.sqrt(i) * 1e-3);
    for (const [b, pt, bits] of [[i16, 'SIGNEDINT', 16], [u16, 'UNSIGNEDINT', 16], [f64, 'FLOAT', 64]] as const) {
      const file = path.join(dir, `int_${b.constructor.name}.tif`);
      await writeGeoTiff(file, { spec, bands: [b], compress: 'deflate', tileSize: 128 });
      expect(gdalinfoJson(file).bands[0].checksum).toBe(referenceChecksums([b], pt, bits)[0]);
      expect(Array.from((await geotiffJsValues(file))[0])).toEqual(Array.from(b));
    }
  });

  it('writes a UInt8 class map with a colour table and a geographic CRS', async () => {
    const gspec: GridSpec = { crs: 'EPSG:4326', xmin: 116, ymax: -30, cellX: 0.01, cellY: 0.01, width: 300, height: 200 };
    const cls = Uint8Array.from({ length: 300 * 200 }, (_, i) => (i % 300 < 150 ? 1 : 2) + (i > 30000 ? 1 : 0));
    const file = path.join(dir, 'classes.tif');
    await writeGeoTiff(file, {
      spec: gspec, bands: [cls], nodata: 0, compress: 'deflate',
      colorTable: [[0, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 255]],
    });
    const info = gdalinfoJson(file);
    expect(info.stac['proj:epsg']).toBe(4326);
    expect(info.bands[0].colorInterpretation).toBe('Palette');
    // GDAL shows the nodata entry (0) as transparent.
    expect(info.bands[0].colorTable.entries.slice(1, 4)).toEqual([[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255]]);
    expect(info.bands[0].colorTable.entries[0].slice(0, 3)).toEqual([0, 0, 0]);
    expect(info.bands[0].noDataValue).toBe(0);
    expect(info.bands[0].type).toBe('Byte');
    expect(Array.from((await geotiffJsValues(file))[0])).toEqual(Array.from(cls));
  });

  it('encodes to a Buffer identical to the file, and rejects mixed band types', async () => {
    const buf = await encodeGeoTiff({ spec, bands: [bands[0]] });
    expect(buf.subarray(0, 4).toString('latin1')).toBe('II*\0');
    await expect(encodeGeoTiff({ spec, bands: [bands[0], new Uint8Array(spec.width * spec.height)] }))
      .rejects.toMatchObject({ code: 'TIFF_BAD_TYPE' });
  });

  it('rejects bad options before encoding any band', async () => {
    const progress: number[] = [];
    const onProgress = (p: { done: number }) => progress.push(p.done);
    const cases: [Parameters<typeof encodeGeoTiff>[0], string][] = [
      [{ spec, bands: [bands[0]], colorTable: [[0, 0, 0]] }, 'TIFF_BAD_PALETTE'],
      [{ spec, bands: [bands[0]], tileSize: 100 }, 'TIFF_BAD_TILE'],
      [{ spec, bands: [bands[0], bands[1].subarray(1)] }, 'TIFF_BAD_SIZE'],
      [{ spec, bands: [] }, 'TIFF_NO_BANDS'],
    ];
    for (const [o, code] of cases) await expect(encodeGeoTiff(o, { onProgress })).rejects.toMatchObject({ code });
    expect(progress).toEqual([]);
  });
});
