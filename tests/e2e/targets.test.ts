/// <reference lib="dom" />
// The Train, Evaluate, Targets and map screens on a small evaluated demo project, opened in the real renderer against
// the real core: the backend line, the reliability curve, target areas greenfield first with their class, and maps
// with a layer panel, legends, scale bar, north arrow and a lon/lat read-out. Screenshots in English and Chinese.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { smallDemoProject } from '../evaluation/cv-fixture';
import { sessionForFile, mapDrawn as mapDrawnOn, noError as noErrorOn, shot as shotOf, type Session } from './helpers';

let s: Session;
let page: Page;
let project: string;
sessionForFile((x) => { s = x; page = x.page; }, {
  before: async () => {
    const made = await smallDemoProject(['grid', 'select', 'dataset', 'train', 'predict', 'evaluate'], { evaluate: { epochs: 2 } });
    project = made.p.path;
    made.p.close();
  },
});

const shot = (name: string) => shotOf(page, name);
async function go(step: string): Promise<void> {
  await page.click(`[data-testid="nav-${step}"]`);
  await page.waitForFunction((t) => document.querySelector('[data-testid="step-title"]')?.textContent?.toLowerCase() === t, step);
}
const noError = () => noErrorOn(page);
const mapDrawn = (minColors = 3) => mapDrawnOn(page, minColors);
const layers = () => page.locator('[data-testid="layer-panel"] [data-layer]').evaluateAll((els) => els.map((e) => e.getAttribute('data-layer')));

describe('targets and maps on an evaluated project', () => {
  it('opens the project', async () => {
    // The bridge confines every path to its roots (the session's work folder): the project is made beside, then copied in.
    const inside = join(s.workDir, 'small.prospect');
    copyFileSync(project, inside);
    await page.fill('[data-testid="project-path"]', inside);
    await page.click('[data-testid="open-project"]');
    await page.waitForSelector('[data-testid="project-summary"]');
    await noError();
  });

  it('Train shows the backend the run used and why faster ones were skipped', async () => {
    await go('train');
    await page.waitForSelector('[data-testid="train-backend-run"]');
    expect(await page.textContent('[data-testid="train-backend"]')).toMatch(/^Backend: (wasm|cpu|webgpu|tensorflow)\b.*@tensorflow\//);
    expect(await page.locator('[data-testid="train-skipped"] li').count()).toBeGreaterThan(0);
    await shot('t1-train-backend');
  });

  it('Evaluate shows the reliability curve and the calibration\'s reason beside the held-out prediction rate', async () => {
    await go('evaluate');
    await page.waitForSelector('[data-testid="reliability-chart"]');
    expect(await page.locator('[data-testid="prediction-rate-chart"]').count()).toBe(1);
    expect(Number(await page.getAttribute('[data-testid="reliability-chart"] path[data-series]', 'data-points'))).toBeGreaterThan(0);
    expect((await page.textContent('[data-testid="calibration-reason"]'))!.length).toBeGreaterThan(20);
    expect(await page.textContent('[data-testid="reliability-stats"]')).toMatch(/ECE \d\.\d{3} · Brier \d\.\d{3}/);
    await noError();
    await shot('t2-evaluate-reliability');
  });

  it('Targets lists the areas greenfield first with their class, and maps them with every layer', async () => {
    await go('targets');
    await page.waitForSelector('[data-testid="targets-table"] tbody tr');
    await noError();
    const headers = await page.locator('[data-testid="targets-table"] thead th').allTextContents();
    expect(headers).toContain('Class');
    const kind = await page.textContent('[data-testid="score-kind"]');
    expect(headers.some((h) => h === (kind === 'Calibrated probabilities' ? 'Peak Probability (0-1)' : 'Peak Score (ranks only, no fixed scale)'))).toBe(true);
    // A probability of 0.015 beside an uncertainty of 0.44: each column names its scale (issue 24).
    expect(headers).toContain('Uncertainty (sd) (model-score scale, 0-0.5)');
    const classes = await page.locator('[data-testid="targets-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-class')!));
    const order = { greenfield: 0, extension: 1, known: 2 } as Record<string, number>;
    expect(classes.map((c) => order[c])).toEqual([...classes.map((c) => order[c])].sort((a, b) => a - b));
    if (classes.includes('greenfield')) expect(classes[0]).toBe('greenfield');
    expect(await page.locator('[data-testid="targets-table"] tbody tr td:nth-child(2)').first().textContent()).toBe({ greenfield: 'greenfield', extension: 'extension', known: 'known' }[classes[0]!]);

    // The layer panel: five rasters to choose from (the sampling support among them), their contours, the areas, the paper's tiles (off at first), the
    // deposits and the basemap.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-panel"] [data-layer]').length >= 10);
    expect(await layers()).toEqual(['calibrated', 'target-classes', 'uncertainty', 'sampling-support', 'dense', 'contours', 'areas', 'tiles', 'deposits', 'basemap']);
    // A legend for the raster shown and for each overlay.
    expect(await page.locator('[data-testid="legend"]').count()).toBe(4);
    expect(await page.isChecked('[data-testid="layer-calibrated"]')).toBe(true);
    expect(await page.isChecked('[data-testid="layer-tiles"]')).toBe(false);
    const calibrated = await mapDrawn(20);
    expect(calibrated.colors).toBeGreaterThan(20);
    await expect(page.textContent('[data-testid="scale-bar"]')).resolves.toMatch(/\d+(\.\d+)? k?m/);
    expect(await page.locator('[data-testid="north-arrow"]').count()).toBe(1);
    await page.hover('[data-testid="map"]', { position: { x: 200, y: 240 } });
    await page.waitForFunction(() => /°[NS]/.test(document.querySelector('[data-testid="map-hover"]')?.textContent ?? ''));
    expect(await page.textContent('[data-testid="map-hover"]')).toMatch(/^E [\d,]+ {2}N [\d,]+ m · \d+\.\d{5}°[NS] \d+\.\d{5}°[EW]/);
    await page.click('[data-testid="targets-table"] tbody tr:first-child');
    await page.waitForTimeout(400);
    await shot('t3-targets-calibrated');

    await page.check('[data-testid="layer-target-classes"]');
    await page.waitForTimeout(600);
    const classMap = await mapDrawn(3);
    expect(classMap.variance).not.toBe(calibrated.variance);
    await shot('t4-targets-classes');

    await page.check('[data-testid="layer-uncertainty"]');
    await page.waitForTimeout(600);
    expect((await mapDrawn(3)).variance).not.toBe(classMap.variance);
    await page.hover('[data-testid="map"]', { position: { x: 260, y: 220 } });
    await page.waitForFunction(() => /Uncertainty/.test(document.querySelector('[data-testid="map-hover"]')?.textContent ?? ''));
    expect(await page.textContent('[data-testid="map-hover"]')).toMatch(/Uncertainty \(sd of the models\): \d\.\d+ sd of the models' scores/);
    await shot('t5-targets-uncertainty');

    // The sampling support, in metres to the 3rd nearest sample.
    await page.check('[data-testid="layer-sampling-support"]');
    await page.waitForTimeout(600);
    expect((await mapDrawn(3)).colors).toBeGreaterThan(3);
    await page.hover('[data-testid="map"]', { position: { x: 240, y: 230 } });
    await page.waitForFunction(() => /Sampling support/.test(document.querySelector('[data-testid="map-hover"]')?.textContent ?? ''));
    expect(await page.textContent('[data-testid="map-hover"]')).toMatch(/Sampling support \(distance to the 3rd nearest sample\): [\d.,]+ metres/);
    await shot('t5b-targets-sampling-support');

    // The paper's tiles drawn as tiles over the raw dense map, areas hidden.
    await page.check('[data-testid="layer-dense"]');
    await page.check('[data-testid="layer-tiles"]');
    await page.uncheck('[data-testid="layer-areas"]');
    await page.fill('[data-testid="opacity-tiles"]', '0.6');
    await page.waitForTimeout(600);
    await shot('t6-targets-dense-tiles');
    await page.click('[data-testid="reset-view"]');
    await noError();
  });

  it('Grids shows the samples as percentile classes of the element, with its legend', async () => {
    await go('grids');
    await page.waitForFunction(() => /P98/.test(document.querySelector('[data-testid="layer-panel"] [data-layer="samples"]')?.textContent ?? ''));
    expect(await layers()).toEqual(['grid', 'contours', 'samples', 'deposits', 'basemap']);
    expect((await mapDrawn(50)).colors).toBeGreaterThan(50);
    await shot('t7-grids-classed-samples');
  });

  it('keeps the Chinese locale in step', async () => {
    await page.selectOption('[data-testid="language"]', 'zh');
    await page.click('[data-testid="nav-targets"]');
    await page.waitForSelector('[data-testid="targets-table"] tbody tr');
    const headers = await page.locator('[data-testid="targets-table"] thead th').allTextContents();
    expect(headers).toContain('类别');
    expect(await page.textContent('[data-testid="layer-panel"]')).toContain('图层');
    await page.waitForTimeout(600);
    await shot('t8-targets-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    expect(s.errors.filter((e) => !/WebGL|GPU stall|swiftshader/i.test(e))).toEqual([]);
  });
});
