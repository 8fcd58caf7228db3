/// <reference lib="dom" />
// The browser build's file dialog on the project step: a new project saved into a folder chosen by browsing, the same
// project opened again by double-clicking through folders, and a folder chosen for the work folder; every button's
// disabled state is what it does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishSession, noError, shot, type Session } from './helpers';

let s: Session;
let page: Page;
beforeAll(async () => {
  s = await englishSession();
  page = s.page;
  mkdirSync(join(s.workDir, 'areas', 'north'), { recursive: true });
  mkdirSync(join(s.workDir, '.hidden-folder'));
  writeFileSync(join(s.workDir, 'areas', 'notes.docx'), 'x');
  writeFileSync(join(s.workDir, 'areas', 'survey.csv'), 'x,y\n');
});
afterAll(async () => {
  await s?.close();
});

const dialog = '[data-testid="file-browser"]';
const entries = () => page.locator(`${dialog} [data-testid="fb-entry"]`).evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-kind')}:${r.getAttribute('data-name')}`));
const shownDir = () => page.getAttribute(dialog, 'data-dir');
async function enter(name: string): Promise<void> {
  await page.dblclick(`${dialog} [data-testid="fb-entry"][data-name="${name}"]`);
  await page.waitForFunction(([sel, n]) => document.querySelector(sel!)?.getAttribute('data-dir')?.endsWith(`/${n}`), [dialog, name]);
}

describe('file browser (browser build)', () => {
  it('saves a new project into a chosen folder, opens it again, and picks a work folder', async () => {
    // Buttons that cannot act look and are disabled.
    const typedCreate = page.locator('[data-testid="create-project"]');
    await expect.poll(() => typedCreate.isDisabled()).toBe(true);
    expect(await typedCreate.evaluate((b) => getComputedStyle(b).cursor)).toBe('not-allowed');
    expect(Number(await typedCreate.evaluate((b) => getComputedStyle(b).opacity))).toBeLessThan(1);
    await page.fill('[data-testid="project-name"]', '');
    expect(await page.isDisabled('[data-testid="new-project"]')).toBe(true);
    await page.fill('[data-testid="project-name"]', 'North block');
    expect(await page.isEnabled('[data-testid="new-project"]')).toBe(true);
    expect(await page.locator('[data-testid="new-project"]').evaluate((b) => getComputedStyle(b).cursor)).toBe('pointer');

    // New project…: starts in the work folder (the bridge's root here), folders first, hidden ones hidden.
    await page.click('[data-testid="new-project"]');
    await page.waitForSelector(`${dialog} [data-testid="fb-entry"]`);
    expect(await shownDir()).toBe(s.workDir);
    expect(await page.isDisabled(`${dialog} [data-testid="fb-up"]`)).toBe(true);
    expect(await entries()).toEqual(['dir:areas']);
    expect(await page.inputValue('[data-testid="fb-name"]')).toBe('North block.prospect');
    await enter('areas');
    // Only folders and project files: the table and the document are not offered.
    expect(await entries()).toEqual(['dir:north']);
    await page.fill('[data-testid="fb-name"]', '');
    expect(await page.isDisabled('[data-testid="fb-ok"]')).toBe(true);
    await page.fill('[data-testid="fb-name"]', 'north-block');
    expect(await page.textContent('[data-testid="fb-result"]')).toBe(join(s.workDir, 'areas', 'north-block.prospect'));
    await page.click('[data-testid="fb-ok"]');
    await page.waitForSelector('[data-testid="project-summary"]');
    await noError(page);
    expect(await page.textContent('[data-testid="project-summary"]')).toContain(join(s.workDir, 'areas', 'north-block.prospect'));
    expect(await page.locator(dialog).count()).toBe(0);

    // Open project…: double-click into the folder, pick the file, OK; Up and the breadcrumb go back.
    await page.click('[data-testid="browse-project"]');
    await page.waitForSelector(`${dialog} [data-testid="fb-entry"]`);
    await enter('areas');
    expect(await page.isEnabled(`${dialog} [data-testid="fb-up"]`)).toBe(true);
    expect(await entries()).toEqual(['dir:north', 'file:north-block.prospect']);
    expect(await page.isDisabled('[data-testid="fb-ok"]')).toBe(true);
    await page.click(`${dialog} [data-testid="fb-entry"][data-name="north-block.prospect"]`);
    await shot(page, 'f1-file-browser', false);
    await page.click(`${dialog} [data-testid="fb-up"]`);
    await page.waitForFunction(([sel, d]) => document.querySelector(sel!)?.getAttribute('data-dir') === d, [dialog, s.workDir]);
    await enter('areas');
    await page.click(`${dialog} [data-testid="fb-entry"][data-name="north-block.prospect"]`);
    await page.click('[data-testid="fb-ok"]');
    await expect.poll(() => page.locator(dialog).count()).toBe(0);
    await noError(page);
    expect(await page.textContent('[data-testid="project-summary"]')).toContain('north-block.prospect');

    // Browse… beside the work folder: choose a folder by selecting it; Cancel changes nothing.
    await page.click('[data-testid="workdir-browse"]');
    await page.waitForSelector(`${dialog} [data-testid="fb-entry"]`);
    await page.click('[data-testid="fb-cancel"]');
    expect(await page.inputValue('[data-testid="workdir"]')).toBe(s.workDir);
    await page.click('[data-testid="workdir-browse"]');
    await enter('areas');
    await page.click(`${dialog} [data-testid="fb-entry"][data-name="north"]`);
    await page.click('[data-testid="fb-ok"]');
    expect(await page.inputValue('[data-testid="workdir"]')).toBe(join(s.workDir, 'areas', 'north'));
    await noError(page);
  });
});
