// The whole pipeline on a small demo project, then the export: the HTML report opens in Chromium with no request
// leaving the machine, and shows every section; the evaluate run stores both protocols and the per-fold selection.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestRun } from '../../src-main/core/store/runs-repo';
import { smallDemoProject } from '../evaluation/cv-fixture';

let dir: string;
let evalMetrics: any;
let browser: Browser | undefined;

beforeAll(async () => {
  const made = await smallDemoProject(['grid', 'select', 'dataset', 'train', 'predict', 'evaluate', 'export'], { evaluate: { epochs: 2 } });
  dir = made.dir;
  evalMetrics = latestRun(made.p, 'evaluate')!.metrics;
  made.p.close();
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

describe('evaluate step', () => {
  it('stores the paper protocol, the blocked CV with its per-fold selection, the baselines and the curves', () => {
    expect(evalMetrics.paper.label).toMatch(/NOT held out/);
    expect(evalMetrics.cv.protocol).toBe('blocked-spatial-cv');
    expect(evalMetrics.cv.cnn[0].arch).toBe('smallcnn');
    expect(evalMetrics.cv.selections.length).toBe(evalMetrics.cv.k);
    for (const s of evalMetrics.cv.selections) for (const d of s.heldOutDeposits) expect(s.trainingDeposits).not.toContain(d);
    expect(evalMetrics.comparison.map((r: any) => r.model)).toEqual(['cnn:smallcnn', 'best-element', 'logistic']);
    expect(evalMetrics.curves.successRate.label).toMatch(/INCLUDING/);
    expect(evalMetrics.curves.predictionRate.label).toMatch(/held out/);
  });
});

describe('export', () => {
  it('writes targets as CSV and GeoJSON that agree', () => {
    // The paper's tile targets keep their table; the targets proper are the delivered target areas.
    const tiles = readFileSync(path.join(dir, 'export', 'tile_targets.csv'), 'utf8').trim().split('\n');
    expect(tiles[0]).toMatch(/^rank,tile,tile_row,tile_col,probability,kind,known_deposits,area_km2/);
    const csv = readFileSync(path.join(dir, 'export', 'targets.csv'), 'utf8').trim().split('\n');
    const gj = JSON.parse(readFileSync(path.join(dir, 'export', 'targets.geojson'), 'utf8'));
    expect(csv[0]).toMatch(/^rank,area_id,class,peak_(probability|score),mean_(probability|score),uncertainty_sd,area_km2/);
    expect(gj.features.length).toBe(csv.length - 1);
    const order = { greenfield: 0, extension: 1, known: 2 } as Record<string, number>;
    gj.features.forEach((f: any, i: number) => {
      const cells = csv[i + 1].split(',');
      expect(String(f.properties.area_id)).toBe(cells[1]);
      expect(f.properties.class).toBe(cells[2]);
      // Greenfield first: the class order never goes back.
      if (i > 0) expect(order[f.properties.class]).toBeGreaterThanOrEqual(order[gj.features[i - 1].properties.class]);
    });
  });

  it('writes an HTML report that opens offline in Chromium, requests nothing and shows its sections', async () => {
    const file = path.join(dir, 'export', 'report.html');
    expect(existsSync(file)).toBe(true);
    const url = pathToFileURL(file).href;
    // The page's CSP would block a remote reference before any request is seen, so check the source too.
    const html = readFileSync(file, 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(refs.filter((r) => !r.startsWith('data:') && !r.startsWith('#'))).toEqual([]);
    expect(html).not.toMatch(/url\(|@import|<script/i);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage();
    const outside: string[] = [];
    await page.route('**', (route) => {
      const u = route.request().url();
      if (u === url || u.startsWith('data:')) return route.continue();
      outside.push(u);
      return route.abort();
    });
    page.on('request', (r) => {
      const u = r.url();
      if (u !== url && !u.startsWith('data:')) outside.push(u);
    });
    await page.goto(url, { waitUntil: 'load' });
    for (const id of ['parameters', 'protocols', 'curves', 'cv-folds', 'selection', 'element-maps', 'prediction-map', 'training', 'targets']) {
      expect(await page.locator(`section#${id} h2`).count(), id).toBe(1);
    }
    const protocols = await page.locator('section#protocols').innerText();
    expect(protocols).toMatch(/NOT held out/);
    expect(protocols).toMatch(/blocked spatial CV, held out/);
    expect(await page.locator('section#selection tr').count()).toBe(17);
    // Every element map decoded (our own PNG encoder) and the charts are inline SVG.
    const sizes = await page.locator('section#element-maps img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(sizes.length).toBe(16);
    expect(sizes.every((w) => w > 0)).toBe(true);
    expect(await page.locator('section#curves svg').count()).toBe(2);
    expect(await page.locator('section#prediction-map svg text').count()).toBe(144);
    expect(outside).toEqual([]);
  }, 60_000);
});
