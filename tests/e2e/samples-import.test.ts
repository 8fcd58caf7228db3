/// <reference lib="dom" />
// The Samples step on a real mixed-campaign survey: a broken file shows the core's message (file, row, column) and
// changes nothing; the import report (duplicates, sentinels, DL rule, coverage, campaigns, CRS) is shown in full.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createProject, sessionForFile, repoRoot, shot as shotOf, type Session } from './helpers';

const katanning = resolve(repoRoot, '../shared/data/wa-katanning-sediment/area1_sediment_au.csv');

let s: Session;
let page: Page;
sessionForFile((x) => { s = x; page = x.page; });

const shot = (name: string) => shotOf(page, name);
const count = async () => (await page.textContent('[data-testid="samples-count"]'))!;

async function importSamples(file: string): Promise<void> {
  await page.fill('[data-testid="samples-file"]', file);
  await page.click('[data-testid="samples-import"]');
}

describe('samples step', () => {
  it('shows the core message for a broken file, then the whole report of a real survey', async () => {
    await createProject(page, join(s.workDir, 'katanning.prospect'));
    await page.click('[data-testid="next"]');
    await page.waitForSelector('[data-testid="samples-file"]');

    const broken = join(s.workDir, 'broken.csv');
    writeFileSync(broken, 'X,Y,SAMPLEID,Au_ppb,Cu (ppm)\n500000,7000000,A1,5,10\n500100,7000000,A2,abc,12\n');
    await importSamples(broken);
    await page.waitForSelector('[data-testid="error"]');
    const msg = (await page.textContent('[data-testid="error-message"]'))!;
    expect(msg).toContain(broken);
    expect(msg).toContain('row 3');
    expect(msg).toContain("column 'Au_ppb'");
    expect(await page.textContent('[data-testid="error"]')).toContain('NOT_NUMERIC');
    expect(await count()).toMatch(/^0 samples/);
    await shot('11-samples-import-error');

    await page.click('[data-testid="error"] button');
    await importSamples(katanning);
    await page.waitForSelector('[data-testid="import-report"]', { timeout: 120_000 });
    expect(await page.locator('[data-testid="error"]').count()).toBe(0);
    expect(await count()).toMatch(/^866 samples/);
    expect(await page.textContent('[data-testid="report-rows"]')).toMatch(/1392 read, 866 kept/);
    expect(await page.textContent('[data-testid="report-duplicates"]')).toMatch(/526 exact duplicate rows dropped/);
    expect(await page.textContent('[data-testid="report-crs"]')).toMatch(/EPSG:4326 → EPSG:32750/);
    expect(await page.textContent('[data-testid="report-dl-rule"]')).toMatch(/DL \/ √2/);
    expect(await page.textContent('[data-testid="import-warnings"]')).toMatch(/Bi: low coverage/);
    // Coverage gate: Bi, Sb, B and F are left out with the reason, Au is kept.
    for (const e of ['Bi', 'Sb', 'B', 'F']) {
      expect(await page.getAttribute(`[data-testid="coverage-table"] tr[data-element="${e}"]`, 'data-gated')).toBe('true');
    }
    expect(await page.getAttribute('[data-testid="coverage-table"] tr[data-element="Au"]', 'data-gated')).toBe('false');
    expect(await page.textContent('[data-testid="campaign-column"]')).toMatch(/WAMEX_A_NO.*13 campaigns/);
    expect(await page.locator('[data-testid="campaign-table"] tbody tr').count()).toBe(13);
    expect(await page.locator('[data-testid="campaign-steps"] tbody tr').count()).toBeGreaterThan(0);
    // Censored and sentinel cells read as such, never as the substituted or -9999 number.
    const cells = await page.locator('[data-testid="samples-table"] tbody td').allTextContents();
    expect(cells).toContain('<DL');
    expect(cells).toContain('n/a');
    expect(cells.some((c) => /-9999/.test(c))).toBe(false);
    await shot('12-samples-report');

    // A second broken import leaves the imported survey and its report on screen, and the project as it was.
    await importSamples(broken);
    await page.waitForSelector('[data-testid="error"]');
    expect(await count()).toMatch(/^866 samples/);
    expect(await page.locator('[data-testid="import-report"]').count()).toBe(1);
    expect(s.errors.filter((e) => !/WebGL|GPU stall|swiftshader/i.test(e))).toEqual([]);
  });
});
