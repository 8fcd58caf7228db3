/// <reference lib="dom" />
// Importing like a GIS: inspect the Katanning survey, change the guessed columns, choose the target CRS by search,
// then keep only the mines and deposits of its site register, and read back what the app says was imported.
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createProject, sessionForFile, noError, repoRoot, shot as shotOf, type Session } from './helpers';

const data = resolve(repoRoot, '../shared/data/wa-katanning-sediment');

let s: Session;
let page: Page;
sessionForFile((x) => { s = x; page = x.page; });

const shot = (name: string) => shotOf(page, name);
const value = (testid: string) => page.inputValue(`[data-testid="${testid}"]`);

describe('column mapping', () => {
  it('imports Katanning samples through the mapping into MGA 50 and its deposits filtered to Mine + Deposit', async () => {
    await createProject(page, join(s.workDir, 'mapping.prospect'));
    await page.click('[data-testid="next"]');

    // Samples: the core's guesses fill the drop-downs.
    await page.fill('[data-testid="samples-file"]', join(data, 'area1_sediment_au.csv'));
    await page.click('[data-testid="samples-inspect"]');
    await page.waitForSelector('[data-testid="column-mapping"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="mapping-rows"]')).toMatch(/20 of 1392 rows/);
    expect(await page.locator('[data-testid="mapping-preview"] tbody tr').count()).toBe(20);
    expect(await value('map-x')).toBe('X');
    expect(await value('map-y')).toBe('Y');
    expect(await value('map-sample-id')).toBe('SAMPLEID');
    expect(await value('map-campaign')).toBe('WAMEX_A_NO');
    expect(await value('map-element-Au')).toBe('Au_ppm');
    expect(await value('map-unit-Au')).toBe('ppm');
    // Another column brings the unit its header states, and back.
    await page.selectOption('[data-testid="map-element-Au"]', 'Ir_ppb');
    await expect.poll(() => value('map-unit-Au')).toBe('ppb');
    await page.selectOption('[data-testid="map-element-Au"]', 'Au_ppm');
    await expect.poll(() => value('map-unit-Au')).toBe('ppm');
    expect(await page.textContent('[data-testid="crs-hint"]')).toMatch(/MGA zone 50/);
    expect(await page.textContent('[data-testid="crs-from-value"]')).toBe('EPSG:4326');
    // The user's choice: the composite sample number as the id.
    await page.selectOption('[data-testid="map-sample-id"]', 'COMPSAMPID');
    // The detection-limit rule of the CLI's --censored, chosen here and read back from the import report.
    expect(await value('map-censored-rule')).toBe('sqrt2');
    await page.selectOption('[data-testid="map-censored-rule"]', 'half');
    await shot('g1-column-mapping');

    // The target CRS through the picker's search.
    await page.fill('[data-testid="crs-target-search"]', '28350');
    await page.waitForSelector('[data-testid="crs-target-select"] option[value="EPSG:28350"]');
    expect(await page.locator('[data-testid="crs-target-select"] option').count()).toBe(1);
    await page.selectOption('[data-testid="crs-target-select"]', 'EPSG:28350');
    expect(await page.textContent('[data-testid="crs-target-value"]')).toBe('EPSG:28350');
    await page.fill('[data-testid="crs-target-search"]', 'mga 50');
    expect(await page.locator('[data-testid="crs-target-select"] option').allTextContents()).toEqual(
      ['EPSG:28350 · GDA94 / MGA zone 50', 'EPSG:7850 · GDA2020 / MGA zone 50']);
    await shot('g2-crs-picker');

    await page.click('[data-testid="samples-import"]');
    await page.waitForSelector('[data-testid="import-report"]', { timeout: 120_000 });
    await noError(page);
    expect(await page.textContent('[data-testid="samples-count"]')).toMatch(/^866 samples, 16 elements/);
    expect(await page.textContent('[data-testid="report-crs"]')).toMatch(/EPSG:4326 → EPSG:28350/);
    expect(await page.textContent('[data-testid="report-dl-rule"]')).toMatch(/DL ?\/ ?2\b|half/i);
    expect(await page.textContent('[data-testid="campaign-column"]')).toMatch(/WAMEX_A_NO/);
    await page.waitForSelector('[data-testid="samples-table"] tbody tr');
    const cells = await page.locator('[data-testid="samples-table"] tbody td').allTextContents();
    expect(cells.some((c) => /^JAC \d+$/.test(c))).toBe(true);
    expect(await page.locator('[data-testid="column-mapping"]').count()).toBe(0);

    // Deposits: SITE_TYPE_ is offered with its values; only mines and deposits are kept.
    await page.click('[data-testid="next"]');
    await page.fill('[data-testid="deposits-file"]', join(data, 'area1_sediment_au_site.csv'));
    await page.click('[data-testid="deposits-inspect"]');
    await page.waitForSelector('[data-testid="deposit-types"]', { timeout: 60_000 });
    expect(await value('deposit-type-column')).toBe('SITE_TYPE_');
    expect(await value('map-name')).toBe('SITE_TITLE');
    expect(await value('map-id')).toBe('SITE_CODE');
    expect(await page.textContent('[data-testid="deposit-types"]')).toMatch(/Prospect \(21\).*Occurrence \(5\).*Deposit \(4\).*Mine \(2\)/s);
    await page.uncheck('[data-testid="deposit-type-Prospect"]');
    await page.uncheck('[data-testid="deposit-type-Occurrence"]');
    expect(await page.textContent('[data-testid="deposit-types-kept"]')).toMatch(/6 of 32 rows kept/);
    await shot('g3-deposit-types');

    await page.click('[data-testid="deposits-import"]');
    await page.waitForFunction(() => /^6 known deposits/.test(document.querySelector('[data-testid="deposits-count"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await noError(page);
    await page.waitForSelector('[data-testid="deposits-table"] tbody tr');
    expect(await page.locator('[data-testid="deposits-table"] tbody tr').count()).toBe(6);
    const names = await page.locator('[data-testid="deposits-table"] tbody td:nth-child(2)').allTextContents();
    expect(names).toContain('Dingo - Katanning');
    await shot('g4-imported');
    expect(s.errors.filter((e) => !/WebGL|GPU stall|swiftshader/i.test(e))).toEqual([]);
  });

  it('grids the imported survey: Au in an equal-area stretch over its classed samples, and its distribution', async () => {
    await page.click('[data-testid="nav-grids"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="step-title"]')?.textContent?.toLowerCase() === 'grids');
    await page.click('[data-testid="run-grid"]');
    await page.waitForSelector('[data-testid="grid-element"] option[value="Au"]', { state: 'attached', timeout: 300_000 });
    await noError(page);
    await page.selectOption('[data-testid="grid-element"]', 'Au');
    await page.waitForSelector('[data-testid="stretch-controls"]');
    await page.selectOption('[data-testid="stretch-kind"]', 'equal-area');
    await page.waitForSelector('[data-testid="distribution-panel"][data-element="Au"]', { timeout: 60_000 });
    // The panel counts what the import report counted for Au: measured and below detection (zeros as censored).
    expect(await page.textContent('[data-testid="distribution-summary"]')).toMatch(/737 measured · 129 below detection limit/);
    await page.waitForTimeout(800);
    await shot('g5-katanning-au-grid');
    await page.locator('[data-testid="distribution-panel"]').screenshot({ path: join(repoRoot, 'test-results/e2e/g6-katanning-au-distribution.png') });
  });
});
