// The bridge's work folder holds its recent list and its address (with the secret): a folder another user made or
// swapped for a link is refused with a clear error; the default one is this user's private folder.
import { afterAll, describe, expect, it } from 'vitest';
import { chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkstationBridge } from '../../src-main/web-bridge/serve';

const base = mkdtempSync(join(tmpdir(), 'bridge-work-'));
const renderer = join(base, 'renderer');
mkdirSync(renderer);
writeFileSync(join(renderer, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the web bridge work folder', () => {
  it('is refused when it is a link or belongs to another user', async () => {
    const target = join(base, 'target');
    mkdirSync(target);
    symlinkSync(target, join(base, 'linked'));
    await expect(startWorkstationBridge({ workDir: join(base, 'linked'), root: base, rendererDir: renderer }))
      .rejects.toMatchObject({ code: 'UNSAFE_FOLDER', message: expect.stringContaining('symbolic link') });
    if (process.getuid?.() === 0) {
      mkdirSync(join(base, 'theirs'));
      chownSync(join(base, 'theirs'), 65534, 65534);
      await expect(startWorkstationBridge({ workDir: join(base, 'theirs'), root: base, rendererDir: renderer }))
        .rejects.toMatchObject({ code: 'UNSAFE_FOLDER', message: expect.stringContaining('belongs to user id 65534') });
    }
  });
  it('defaults to a private folder of this user under the temporary folder', async () => {
    const bridge = await startWorkstationBridge({ root: base, rendererDir: renderer });
    try {
      expect(bridge.workDir).toBe(join(tmpdir(), `prospect-${process.getuid!()}`, 'workstation'));
      const st = statSync(bridge.workDir);
      expect(st.mode & 0o777).toBe(0o700);
      expect(st.uid).toBe(process.getuid!());
    } finally {
      await bridge.close();
    }
  });
});
