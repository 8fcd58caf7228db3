/// <reference lib="dom" />
// The distribution plots in the real renderer against the real core, on a small gridded demo project: the Grids
// screen shows the chosen element's histogram and probability plot with its values below detection marked, and the
// Samples screen shows them for the element its map is classed by.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { listGridElements } from '../../src-main/core/store/grids-repo';
import { elementDistribution, type ElementDistribution } from '../../src-main/core/app/views/element-distribution';
import { smallDemoProject } from '../evaluation/cv-fixture';
import { sessionForFile, noError as noErrorOn, shot, shotsDir, type Session } from './helpers';

let page: Page;
let s: Session;
let project: string;
/** The core's answer for the gridded element with the most values below detection. */
let core: ElementDistribution;
sessionForFile((x) => { s = x; page = x.page; }, {
  before: async () => {
    const made = await smallDemoProject(['grid']);
    project = made.p.path;
    core = listGridElements(made.p).map((e) => elementDistribution(made.p, e)).sort((a, b) => b.censored - a.censored)[0]!;
    made.p.close();
  },
});

async function go(step: string): Promise<void> {
  await page.click(`[data-testid="nav-${step}"]`);
  await page.waitForFunction((t) => document.querySelector('[data-testid="step-title"]')?.textContent?.toLowerCase() === t, step);
}
const attr = async (sel: string, name: string) => Number(await page.getAttribute(sel, name));
const panel = (e: string) => `[data-testid="distribution-panel"][data-element="${e}"]`;

describe('distribution plots', () => {
  it('opens the gridded project', async () => {
    expect(core.censored).toBeGreaterThan(0);
    // The bridge confines every path to its roots (the session's work folder): the project is made beside, then copied in.
    const inside = join(s.workDir, 'gridded.prospect');
    copyFileSync(project, inside);
    await page.fill('[data-testid="project-path"]', inside);
    await page.click('[data-testid="open-project"]');
    await page.waitForSelector('[data-testid="project-summary"]');
    await noErrorOn(page);
  });

  it('Grids: the chosen element\'s histogram and probability plot, censored values marked', async () => {
    await go('grids');
    await page.waitForSelector('[data-testid="grid-element"] option', { state: 'attached' });
    await page.selectOption('[data-testid="grid-element"]', core.element);
    const p = panel(core.element);
    await page.waitForSelector(`${p} [data-testid="histogram"]`);
    await noErrorOn(page);

    // The bars are the core's counts, censored ones stacked apart.
    const bars = await page.locator(`${p} [data-testid="histogram"] rect[data-kind]`).evaluateAll((els) =>
      els.map((e) => ({ kind: e.getAttribute('data-kind'), count: Number(e.getAttribute('data-count')) })));
    const sum = (k: string) => bars.filter((b) => b.kind === k).reduce((a, b) => a + b.count, 0);
    expect(sum('measured')).toBe(core.measured);
    expect(sum('censored')).toBe(core.censored);
    expect(await attr(`${p} [data-testid="histogram"]`, 'data-bins')).toBe(core.histogram.measured.length);
    expect(await page.locator(`${p} [data-testid="histogram"] [data-mark]`).count()).toBe(2);
    expect(await page.textContent(`${p} [data-testid="histogram"]`)).toContain('below detection limit');

    // Every value plotted; the censored ones as their own hollow layer, with a legend entry.
    const prob = `${p} [data-testid="probability-plot"]`;
    expect(await attr(prob, 'data-points')).toBe(core.measured + core.censored);
    expect(await attr(`${prob} [data-testid="censored-points"]`, 'data-count')).toBe(core.censored);
    expect(await page.getAttribute(`${prob} [data-testid="censored-points"]`, 'fill')).toBe('none');
    expect((await page.getAttribute(`${prob} [data-testid="censored-points"]`, 'd'))!.length).toBeGreaterThan(10);
    expect(await attr(`${prob} [data-testid="measured-points"]`, 'data-count')).toBe(core.measured);
    const text = (await page.textContent(prob))!;
    for (const pct of ['1%', '5%', '10%', '25%', '50%', '75%', '90%', '95%', '99%', 'P90', 'P98', 'below detection limit']) expect(text).toContain(pct);
    expect(await page.textContent(`${p} [data-testid="distribution-summary"]`)).toContain(`${core.censored} below detection limit`);

    await page.locator(`${p} [data-testid="histogram"]`).screenshot({ path: `${shotsDir}/p1-histogram.png` });
    await page.locator(prob).screenshot({ path: `${shotsDir}/p2-probability-plot.png` });
    await shot(page, 'p0-grids-distribution');
  });

  it('Grids: switching elements redraws the plots for the new one', async () => {
    const other = (await page.locator('[data-testid="grid-element"] option').allTextContents()).find((e) => e !== core.element)!;
    await page.selectOption('[data-testid="grid-element"]', other);
    await page.waitForSelector(`${panel(other)} [data-testid="probability-plot"]`);
    expect(await page.locator('[data-testid="distribution-panel"]').count()).toBe(1);
  });

  it('Samples: the plots of the element the map is classed by', async () => {
    await go('samples');
    await page.waitForSelector('[data-testid="sample-class-element"] option', { state: 'attached' });
    await page.selectOption('[data-testid="sample-class-element"]', core.element);
    await page.waitForSelector(`${panel(core.element)} [data-testid="probability-plot"]`);
    expect(await attr(`${panel(core.element)} [data-testid="censored-points"]`, 'data-count')).toBe(core.censored);
    await noErrorOn(page);
  });
});
