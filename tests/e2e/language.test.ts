import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mapVariance, openSession, shotsDir, type Session } from './helpers';

let s: Session;
beforeAll(async () => {
  s = await openSession({ core: false });
});
afterAll(async () => {
  await s?.close();
});

describe('language switch', () => {
  it('shows the wizard in English, then in Simplified Chinese', async () => {
    const { page } = s;
    await page.waitForSelector('[data-testid="nav-project"]');
    await page.selectOption('[data-testid="language"]', 'en');
    expect(await page.textContent('[data-testid="nav-project"]')).toContain('Project');
    expect(await page.textContent('[data-testid="nav-train"]')).toContain('Train');
    // The host proposed its work folder through app.info.
    await expect.poll(() => page.inputValue('[data-testid="workdir"]')).toBe(s.workDir);
    await page.selectOption('[data-testid="language"]', 'zh');
    expect(await page.textContent('[data-testid="nav-project"]')).toContain('项目');
    expect(await page.textContent('[data-testid="nav-samples"]')).toContain('样品');
    expect(await page.textContent('[data-testid="nav-train"]')).toContain('训练');
    expect(await page.textContent('[data-testid="create-demo"]')).toContain('示范区');
    expect(await page.textContent('[data-testid="missing"]')).toContain('进入下一步前还缺少');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.screenshot({ path: join(shotsDir, 'language-zh.png') });
    // The choice survives a reload.
    await page.reload();
    await page.waitForSelector('[data-testid="nav-project"]');
    expect(await page.textContent('[data-testid="nav-project"]')).toContain('项目');
    expect(await mapVariance(page)).toEqual({ variance: 0, colors: 0 }); // no map on the start page
    expect(s.errors).toEqual([]);
  });
});
