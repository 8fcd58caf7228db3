/// <reference lib="dom" />
// Maps a geologist trusts, in the real renderer against the real core on the small demo area: a stretch and a ramp
// chosen in the layer panel, contours of the shown grid, and basemaps that GDAL makes from a DEM: a hillshade
// GeoTIFF and a colour relief as web-mercator MBTiles tiles.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadGridSpec } from '../../src-main/core/store/grids-repo';
import { Project } from '../../src-main/core/store/project';
import { mapPixels, sessionForFile, shotsDir, mapDrawn as mapDrawnOn, noError as noErrorOn, shot as shotOf, type Session } from './helpers';

let s: Session;
let page: Page;
sessionForFile((x) => { s = x; page = x.page; });

const shot = (name: string) => shotOf(page, name, false);
const noError = () => noErrorOn(page);
const mapDrawn = (minColors = 3) => mapDrawnOn(page, minColors);
const panel = (id: string) => `[data-testid="layer-panel"] [data-layer="${id}"]`;

/** A hillshade over the grid's extent and beyond: a DEM of hills written as an ASCII grid, shaded by gdaldem. */
function makeHillshade(dir: string, spec: { crs: string; xmin: number; ymax: number; cellX: number; cellY: number; width: number; height: number }): string {
  const n = 300;
  const w = spec.width * spec.cellX;
  const h = spec.height * spec.cellY;
  const cell = (1.2 * Math.max(w, h)) / n;
  const x0 = spec.xmin - 0.1 * w;
  const y0 = spec.ymax - h - 0.1 * h;
  const rows = [`ncols ${n}`, `nrows ${n}`, `xllcorner ${x0}`, `yllcorner ${y0}`, `cellsize ${cell}`];
  for (let r = 0; r < n; r++) {
    const row: string[] = [];
    for (let c = 0; c < n; c++) row.push((500 + 400 * Math.sin(c / 23) * Math.cos(r / 31) + 3 * c).toFixed(1));
    rows.push(row.join(' '));
  }
  const dem = join(dir, 'dem.asc');
  writeFileSync(dem, rows.join('\n') + '\n');
  execFileSync('gdal_translate', ['-q', '-a_srs', spec.crs, dem, join(dir, 'dem.tif')]);
  const out = join(dir, 'hillshade.tif');
  execFileSync('gdaldem', ['hillshade', '-q', '-z', '3', join(dir, 'dem.tif'), out]);
  return out;
}

/** The DEM's colour relief as raster MBTiles: warped to web mercator, tiled by GDAL, with coarser zooms added. */
function makeReliefMbtiles(dir: string): string {
  writeFileSync(join(dir, 'colors.txt'), '0 30 80 160\n500 40 150 60\n900 230 200 80\n1400 250 250 250\n');
  execFileSync('gdaldem', ['color-relief', '-q', join(dir, 'dem.tif'), join(dir, 'colors.txt'), join(dir, 'relief.tif')]);
  execFileSync('gdalwarp', ['-q', '-t_srs', 'EPSG:3857', '-r', 'bilinear', join(dir, 'relief.tif'), join(dir, 'relief-3857.tif')]);
  const out = join(dir, 'relief.mbtiles');
  execFileSync('gdal_translate', ['-q', '-of', 'MBTILES', '-co', 'TILE_FORMAT=PNG', join(dir, 'relief-3857.tif'), out]);
  execFileSync('gdaladdo', ['-q', '-r', 'average', out, '2', '4']);
  return out;
}

/** Share of the map's pixels in colour: a hillshade and contours are grey. */
const colouredShare = async (): Promise<number> => (await mapPixels(page)).coloured;

async function setRange(testid: string, value: number): Promise<void> {
  await page.evaluate(([id, v]) => {
    const el = document.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!;
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, [testid, value] as const);
}

describe('maps on the grids screen', () => {
  it('stretches, recolours, contours and lays a basemap under the grid', async () => {
    await page.fill('[data-testid="workdir"]', s.workDir);
    await page.click('[data-testid="create-demo"]');
    await page.waitForSelector('[data-testid="project-summary"]', { timeout: 120_000 });
    await page.waitForSelector('[data-testid="nav-grids"]:enabled', { timeout: 120_000 });
    await page.click('[data-testid="nav-grids"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="step-title"]')?.textContent?.toLowerCase() === 'grids');
    await page.click('[data-testid="run-grid"]');
    await page.waitForSelector('[data-testid="grid-element"] option', { state: 'attached', timeout: 300_000 });
    await noError();
    await page.selectOption('[data-testid="grid-element"]', 'Au');
    await page.waitForSelector(`${panel('grid')} [data-testid="stretch-controls"]`);
    const before = await mapDrawn(50);

    // Equal-area stretch in magma: the legend's ticks move to the quartiles and the picture changes.
    await page.selectOption('[data-testid="stretch-kind"]', 'equal-area');
    await page.selectOption('[data-testid="stretch-ramp"]', 'magma');
    // Equal-area ticks sit at the quartiles; the narrow legend labels the ends and the median.
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} [data-testid="legend-ticks"] span`).length === 3, panel('grid'));
    const mid = await page.$eval(`${panel('grid')} [data-testid="legend-ticks"] span:nth-child(2)`, (e) => (e as HTMLElement).style.left);
    expect(mid).toBe('50%');
    await page.waitForTimeout(800);
    const stretched = await mapDrawn(50);
    expect(stretched.variance).not.toBe(before.variance);
    const gradient = await page.$eval(`${panel('grid')} .ramp`, (e) => (e as HTMLElement).style.background);
    expect(gradient).toContain('rgb(0, 0, 4)');
    await shot('m1-stretch-equal-area');

    // Log is offered and either draws or says why not; back to equal-area for the rest.
    await page.selectOption('[data-testid="stretch-kind"]', 'log');
    await page.waitForTimeout(300);
    const logNote = await page.locator('[data-testid="stretch-note"]').count();
    const ticks = await page.locator(`${panel('grid')} [data-testid="legend-ticks"] span`).allTextContents();
    // Au is positive: log ticks sit at powers of ten.
    expect(logNote).toBe(0);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const label of ticks) expect(Number.isInteger(+Math.log10(Number(label)).toFixed(9))).toBe(true);
    await page.selectOption('[data-testid="stretch-kind"]', 'equal-area');

    // Contours: off at first, on through the panel, at the legend's quartiles.
    expect(await page.isChecked('[data-testid="layer-contours"]')).toBe(false);
    await page.check('[data-testid="layer-contours"]');
    await page.waitForFunction((sel) => /Au .*at \d/.test(document.querySelector(sel)?.textContent ?? ''), panel('contours'));
    await page.waitForTimeout(800);
    const contoured = await mapDrawn(50);
    expect(contoured.variance).not.toBe(stretched.variance);
    await shot('m2-contours');

    // Basemap: a gdaldem hillshade of the study area, under a half-transparent grid.
    const project = Project.open(join(s.workDir, 'demo.prospect'), { readonly: true });
    const spec = loadGridSpec(project)!;
    project.close();
    const file = makeHillshade(s.workDir, spec);
    await page.fill('[data-testid="basemap-file"]', file);
    await page.click('[data-testid="basemap-load"]');
    await page.waitForSelector('[data-testid="basemap-shown"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="basemap-shown"]')).toBe('hillshade.tif');
    expect(await page.locator('[data-testid="basemap-error"]').count()).toBe(0);
    await setRange('opacity-grid', 0.45);
    let based = await mapDrawn(50);
    for (let i = 0; i < 20 && based.variance === contoured.variance; i++) {
      await page.waitForTimeout(250);
      based = await mapDrawn(50);
    }
    expect(based.variance).not.toBe(contoured.variance);
    await shot('m3-basemap');

    // MBTiles: the relief's web-mercator tiles, decoded by the browser and placed in the project's CRS. With the
    // grid made transparent the map shows the basemap alone: grey for the hillshade, the relief's colours after.
    await setRange('opacity-grid', 0);
    await page.waitForTimeout(500);
    const greyShare = await colouredShare();
    expect(greyShare).toBeLessThan(0.1);
    const tiles = makeReliefMbtiles(s.workDir);
    await page.fill('[data-testid="basemap-file"]', tiles);
    await page.click('[data-testid="basemap-load"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="basemap-shown"]')?.textContent === 'relief.mbtiles', undefined, { timeout: 60_000 });
    expect(await page.locator('[data-testid="basemap-error"]').count()).toBe(0);
    let coloured = await colouredShare();
    // The relief covers the grid and a margin; the dark background beside it is grey too.
    for (let i = 0; i < 20 && coloured < 0.2; i++) {
      await page.waitForTimeout(250);
      coloured = await colouredShare();
    }
    expect(coloured).toBeGreaterThan(Math.max(0.2, 3 * greyShare));
    await setRange('opacity-grid', 0.45);
    await page.waitForTimeout(500);
    expect((await mapDrawn(50)).variance).not.toBe(based.variance);
    await shot('m5-basemap-mbtiles');

    // A file that is no GeoTIFF: the panel names it.
    await page.fill('[data-testid="basemap-file"]', join(s.workDir, 'dem.asc'));
    await page.click('[data-testid="basemap-load"]');
    await page.waitForSelector('[data-testid="basemap-error"]');
    expect(await page.textContent('[data-testid="basemap-error"]')).toContain('dem.asc');
    await page.locator('[data-testid="layer-panel"]').screenshot({ path: join(shotsDir, 'm4-layer-panel.png') });
    expect(s.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  }, 900_000);
});
