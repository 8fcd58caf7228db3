/// <reference lib="dom" />
// Settings typed in the app reach the core: a coarser grid, a selection threshold and an excluded element, three folds
// and two epochs of training, each seen in what the steps then report.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sessionForFile, noError as noErrorOn, shot as shotOf, type Session } from './helpers';

let s: Session;
let page: Page;
sessionForFile((x) => { s = x; page = x.page; });

const shot = (name: string) => shotOf(page, name);
async function next(): Promise<void> {
  await page.waitForSelector('[data-testid="next"]:enabled', { timeout: 600_000 });
  await page.click('[data-testid="next"]');
}
const noError = () => noErrorOn(page);

describe('settings', () => {
  it('sends grid, selection, dataset and training settings as overrides', async () => {
    await page.fill('[data-testid="workdir"]', s.workDir);
    await page.click('[data-testid="create-demo"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="summary-deposits"]')?.textContent) > 0, undefined, { timeout: 120_000 });
    await next(); await next(); await next();

    // Grid: a 500 m cell, checked in the grid's reported size; a bad value is named and nothing runs.
    await page.click('[data-testid="settings-toggle-grid"]');
    expect(await page.getAttribute('[data-testid="setting-grid.radius"]', 'placeholder')).toBe('auto');
    await page.fill('[data-testid="setting-grid.maxPoints"]', '2.5');
    await page.click('[data-testid="run-grid"]');
    await page.waitForSelector('[data-testid="error"]');
    expect(await page.textContent('[data-testid="error"]')).toMatch(/grid\.maxPoints: 2\.5 is not a whole number/);
    await page.fill('[data-testid="setting-grid.maxPoints"]', '');
    await page.fill('[data-testid="setting-grid.cellSize"]', '500');
    await page.click('[data-testid="run-grid"]');
    await page.waitForSelector('[data-testid="grid-size"]', { timeout: 300_000 });
    await noError();
    expect(await page.textContent('[data-testid="grid-size"]')).toMatch(/cells of 500 m/);
    await shot('13-settings-grid');

    // Selection: threshold 1.96 stored with the run; then the weakest element forced in.
    await next();
    await page.click('[data-testid="settings-toggle-select"]');
    await page.fill('[data-testid="setting-select.threshold"]', '1.96');
    await page.click('[data-testid="run-select"]');
    await page.waitForSelector('[data-testid="selection-table"] tbody tr', { timeout: 300_000 });
    await noError();
    await page.waitForFunction(() => /1\.96/.test(document.querySelector('[data-testid="select-threshold"]')?.textContent ?? ''));
    const last = page.locator('[data-testid="selection-table"] tbody tr').last();
    const weakest = (await last.locator('td').first().textContent())!;
    expect(await last.getAttribute('data-selected')).toBe('false');
    // The technical headers explain themselves: ZAUC on hover, AUC on keyboard focus (issue 24).
    await page.hover('[data-testid="selection-table"] [data-term="zauc"]');
    await page.waitForSelector('[data-testid="term-tip-zauc"]');
    expect(await page.textContent('[data-testid="term-tip-zauc"]')).toMatch(/standard errors/);
    expect(await page.getAttribute('[data-testid="selection-table"] [data-term="zauc"]', 'aria-describedby')).toBe(await page.getAttribute('[data-testid="term-tip-zauc"]', 'id'));
    await shot('14a-term-hover');
    await page.focus('[data-testid="selection-table"] [data-term="auc"]');
    expect(await page.textContent('[data-testid="term-tip-auc"]')).toMatch(/ROC curve/);
    await page.fill('[data-testid="setting-select.force"]', weakest);
    // A stored selection: the re-run asks first and names what it replaces; Cancel runs nothing.
    await page.click('[data-testid="run-select"]');
    await page.waitForSelector('[data-testid="rerun-dialog"]');
    expect(await page.textContent('[data-testid="rerun-replaces"]')).toBe('Re-running Elements replaces: Elements.');
    await page.click('[data-testid="rerun-cancel"]');
    expect(await page.locator('[data-testid="rerun-dialog"]').count()).toBe(0);
    expect(await last.getAttribute('data-selected')).toBe('false');
    await page.click('[data-testid="run-select"]');
    await page.click('[data-testid="rerun-confirm"]');
    await page.waitForFunction((e) => Array.from(document.querySelectorAll('[data-testid="selection-table"] tbody tr'))
      .some((tr) => tr.querySelector('td')?.textContent === e && tr.getAttribute('data-selected') === 'true'), weakest, { timeout: 300_000 });
    await noError();
    await shot('14-settings-select');

    // Dataset: three folds set by hand, the rest chosen from the data with the reason shown after the run.
    await next();
    await page.click('[data-testid="settings-toggle-dataset"]');
    await page.fill('[data-testid="setting-dataset.folds"]', '3');
    await page.click('[data-testid="run-dataset"]');
    await page.waitForSelector('[data-testid="dataset-summary"]', { timeout: 300_000 });
    await noError();
    expect(await page.textContent('[data-testid="dataset-summary"]')).toMatch(/, 3 folds/);
    await page.waitForSelector('[data-testid="used-dataset.folds"] strong');
    expect(await page.textContent('[data-testid="used-dataset.folds"]')).toMatch(/^3 set/);
    expect(await page.textContent('[data-testid="used-dataset.windowSize"]')).toMatch(/^\d+ from the data: .+/);
    await shot('15-settings-dataset');

    // Training: two epochs of the small CNN; the stored history draws the training curve.
    await next();
    await page.click('[data-testid="settings-toggle-train"]');
    await page.selectOption('[data-testid="setting-train.arch"]', 'smallcnn');
    await page.fill('[data-testid="setting-train.epochs"]', '2');
    await page.click('[data-testid="run-train"]');
    await page.waitForSelector('[data-testid="train-done"]', { timeout: 600_000 });
    await noError();
    await page.waitForFunction(() => document.querySelector('[data-testid="loss-chart"] path[data-series="train"]'));
    expect(await page.getAttribute('[data-testid="loss-chart"] path[data-series="train"]', 'data-points')).toBe('2');
    // The deployed model is refitted on every window (the procedure the CV measures): no fold is held out, so there is
    // no validation curve to draw; the held-out figures are the Evaluate step's.
    expect(await page.locator('[data-testid="loss-chart"] path[data-series="val"]').count()).toBe(0);
    await shot('16-settings-train');

    // Back on Elements with a trained model: a re-run would replace the selection, the dataset and the model.
    await page.click('[data-testid="nav-elements"]');
    await page.click('[data-testid="run-select"]');
    await page.waitForSelector('[data-testid="rerun-dialog"]');
    expect(await page.textContent('[data-testid="rerun-replaces"]')).toBe('Re-running Elements replaces: Elements, Dataset, Train.');
    await shot('16a-rerun-dialog');
    await page.selectOption('[data-testid="language"]', 'zh');
    expect(await page.textContent('[data-testid="rerun-replaces"]')).toBe('重新运行元素将替换：元素、数据集、训练。');
    await shot('16b-rerun-dialog-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="rerun-dialog"]').count()).toBe(0);
    expect(await page.getAttribute('[data-testid="nav-train"]', 'class')).toMatch(/done/);
    expect(s.errors.filter((e) => !/WebGL|GPU stall|swiftshader/i.test(e))).toEqual([]);
  });
});
