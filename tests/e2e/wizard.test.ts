/// <reference lib="dom" />
// Walks every wizard step on the demo area with the quick preset, in the real renderer against the real core.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sessionForFile, mapDrawn as mapDrawnOn, noError as noErrorOn, shot as shotOf, type Session } from './helpers';

let s: Session;
let page: Page;
sessionForFile((x) => { s = x; page = x.page; });

const shot = (name: string) => shotOf(page, name, false);
const rows = (table: string) => page.locator(`[data-testid="${table}"] tbody tr`).count();
async function next(step: string): Promise<void> {
  // Next stays disabled while a job runs (evaluation trains the cross-validation models).
  await page.waitForSelector('[data-testid="next"]:enabled', { timeout: 900_000 });
  await page.click('[data-testid="next"]');
  await page.waitForFunction((t) => document.querySelector('[data-testid="step-title"]')?.textContent?.toLowerCase() === t, step);
}
const noError = () => noErrorOn(page);
const mapDrawn = (minColors = 3) => mapDrawnOn(page, minColors);

describe('wizard on the demo area (quick preset)', () => {
  it('walks Project → Export', async () => {
    // Project
    await page.fill('[data-testid="workdir"]', s.workDir);
    await page.click('[data-testid="create-demo"]');
    await page.waitForSelector('[data-testid="project-summary"]', { timeout: 120_000 });
    await noError();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="summary-deposits"]')?.textContent) > 0, undefined, { timeout: 60_000 });
    expect(Number((await page.textContent('[data-testid="summary-samples"]'))!.split('/')[0])).toBeGreaterThan(100);
    await shot('01-project');

    // Samples
    await next('samples');
    await page.waitForSelector('[data-testid="samples-table"] tbody tr');
    expect(await rows('samples-table')).toBeGreaterThan(10);
    expect((await mapDrawn()).colors).toBeGreaterThan(2);
    await shot('02-samples');

    // Deposits
    await next('deposits');
    await page.waitForSelector('[data-testid="deposits-table"] tbody tr');
    expect(await rows('deposits-table')).toBeGreaterThan(0);
    await shot('03-deposits');

    // Grids
    await next('grids');
    await page.click('[data-testid="run-grid"]');
    await page.waitForSelector('[data-testid="grid-element"] option', { state: 'attached', timeout: 300_000 });
    await noError();
    const elements = await page.locator('[data-testid="grid-element"] option').allTextContents();
    expect(elements.length).toBeGreaterThanOrEqual(8);
    // The layer panel lists the grid (its ramp legend) and the samples as percentile classes of the element.
    await page.waitForSelector('[data-testid="layer-panel"] [data-layer="grid"] [data-testid="legend"]');
    await page.waitForFunction(() => /P98/.test(document.querySelector('[data-testid="layer-panel"] [data-layer="samples"]')?.textContent ?? ''));
    const a = await mapDrawn(50);
    expect(a.colors).toBeGreaterThan(50);
    // Switching elements changes the picture.
    await page.selectOption('[data-testid="grid-element"]', elements[1]!);
    await page.waitForTimeout(800);
    const b = await mapDrawn(50);
    expect(b.variance).not.toBe(a.variance);
    await shot('04-grids');

    // Elements
    await next('elements');
    await page.click('[data-testid="run-select"]');
    await page.waitForSelector('[data-testid="selection-table"] tbody tr', { timeout: 300_000 });
    await noError();
    expect(await rows('selection-table')).toBe(elements.length);
    const selected = await page.locator('[data-testid="selection-table"] tr[data-selected="true"]').count();
    expect(selected).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="roc-chart"] path[data-series]').count()).toBe(Math.min(8, selected) + 1);
    await shot('05-elements');

    // Dataset
    await next('dataset');
    await page.click('[data-testid="run-dataset"]');
    await page.waitForSelector('[data-testid="dataset-summary"]', { timeout: 300_000 });
    await noError();
    expect(await page.textContent('[data-testid="dataset-summary"]')).toMatch(/[1-9]\d* ore windows, [1-9]\d* negatives/);
    expect((await mapDrawn()).colors).toBeGreaterThan(2);
    await shot('06-dataset');

    // Train: the loss curve grows while it runs.
    await next('train');
    await page.click('[data-testid="run-train"]');
    await page.waitForSelector('[data-testid="cancel-train"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="loss-chart"] path[data-series="train"]')?.getAttribute('data-points')) >= 2, undefined, { timeout: 600_000 });
    const p1 = Number(await page.getAttribute('[data-testid="loss-chart"] path[data-series="train"]', 'data-points'));
    await page.waitForSelector('[data-testid="train-done"]', { timeout: 900_000 });
    await noError();
    const p2 = Number(await page.getAttribute('[data-testid="loss-chart"] path[data-series="train"]', 'data-points'));
    expect(p2).toBeGreaterThan(p1);
    expect(p2).toBeGreaterThanOrEqual(2);
    // The stored run says which backend trained it and why faster ones were not used.
    await page.waitForSelector('[data-testid="train-backend-run"]');
    expect(await page.textContent('[data-testid="train-backend"]')).toMatch(/^Backend: (wasm|cpu|webgpu|tensorflow)\b/);
    await shot('07-train');

    // Evaluate
    await next('evaluate');
    await page.click('[data-testid="run-evaluate"]');
    await page.waitForSelector('[data-testid="confusion"]', { timeout: 600_000 });
    // Then the evaluation itself (blocked spatial CV): both protocols side by side, each labelled.
    await page.waitForSelector('[data-testid="protocols"] tbody tr:nth-child(2)', { timeout: 900_000 });
    await noError();
    const protocols = await page.textContent('[data-testid="protocols"]');
    expect(protocols).toMatch(/NOT held out/);
    expect(protocols).toMatch(/blocked spatial CV/);
    // The held-out verdict leads the screen, above the paper's (not held out) figures.
    // It names the best held-out map, compares it with the simplest, and says which map the targets come from.
    const verdict = await page.textContent('[data-testid="verdict"]');
    expect(verdict).toMatch(/The best held-out map is the .+ \(map AUC \d\.\d\d, 95% interval/);
    expect(verdict).toMatch(/The CNN map \(map AUC \d\.\d\d\)|the CNN/);
    expect(verdict).toMatch(/Targets: /);
    expect(await rows('held-out-maps')).toBe(5);
    const acc = Number(await page.textContent('[data-testid="eval-accuracy"]'));
    expect(acc).toBeGreaterThanOrEqual(0);
    expect(acc).toBeLessThanOrEqual(1);
    await shot('08-evaluate');

    await page.waitForSelector('[data-testid="reliability-chart"]');

    // Targets: the delivered areas greenfield first, each with its class; the map with its layer panel.
    await next('targets');
    await page.waitForSelector('[data-testid="targets-table"] tbody tr');
    expect(await page.locator('[data-testid="targets-table"] thead th').allTextContents()).toContain('Class');
    const classes = await page.locator('[data-testid="targets-table"] tbody tr').evaluateAll((r) => r.map((e) => e.getAttribute('data-class')));
    expect(classes.length).toBeGreaterThan(0);
    const order = ['greenfield', 'extension', 'known'];
    expect(classes.map((c) => order.indexOf(c!))).toEqual([...classes.map((c) => order.indexOf(c!))].sort((a, b) => a - b));
    expect(Math.min(...classes.map((c) => order.indexOf(c!)))).toBeGreaterThanOrEqual(0);
    await page.waitForSelector('[data-testid="layer-panel"] [data-layer="calibrated"]');
    expect((await mapDrawn()).colors).toBeGreaterThan(2);
    await shot('09-targets');

    // Export
    await next('export');
    await page.click('[data-testid="run-export"]');
    await page.waitForSelector('[data-testid="export-result"]', { timeout: 300_000 });
    await noError();
    expect(await page.locator('[data-testid="export-result"] li').count()).toBeGreaterThan(0);
    await shot('10-export');
    expect(s.errors.filter((e) => !/WebGL|GPU stall|swiftshader/i.test(e))).toEqual([]);
  });
});
