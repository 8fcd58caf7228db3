// The long-lived job host (a child process under the web bridge) must not be polluted by a request: an override named
// '__proto__' (JSON.parse makes it an own key) once merged into Object.prototype there, and every later import read
// the polluted value as its options until the host was restarted.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJobRunner } from '../../src-main/node/job-runner';
import { forkChildJobHost } from '../../src-main/node/child-job-host';
import { Project } from '../../src-main/core/store/project';

const dir = mkdtempSync(join(tmpdir(), 'host-pollution-'));
const jobs = createJobRunner(forkChildJobHost);
afterAll(() => {
  jobs.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** A small survey whose coordinate columns the import must guess (nothing in the request names them). */
function survey(): string {
  const rows = ['sample,X,Y,Cu_ppm,Pb_ppm'];
  for (let i = 0; i < 40; i++) rows.push(`S${i},${500000 + (i % 8) * 500},${6200000 + Math.floor(i / 8) * 500},${10 + (i * 7) % 23},${5 + (i * 3) % 11}`);
  const f = join(dir, 'survey.csv');
  writeFileSync(f, rows.join('\n') + '\n');
  return f;
}

describe('job host and prototype pollution', () => {
  it("refuses a step whose overrides hold '__proto__', and a later unrelated import in the same host still works", async () => {
    const project = join(dir, 'area.prospect');
    Project.create(project, { name: 'Area' }).close();
    // What a bridge client sends, parsed as the bridge parses it: '__proto__' an own key of the overrides.
    const args = JSON.parse(`{"project":${JSON.stringify(project)},"step":"grid","preset":"quick",` +
      `"overrides":{"__proto__":{"x":"NO_SUCH","y":"NO_SUCH","campaign":"NO_SUCH","sampleId":"NO_SUCH","sheet":"NO_SUCH","targetCrs":"EPSG:NO_SUCH"}}}`) as unknown;
    await expect(jobs.run('step', args)).rejects.toMatchObject({ code: 'BAD_CONFIG' });
    const r = await jobs.run<{ importId: number }>('import.samples', { project, file: survey(), crs: 'EPSG:32750' });
    expect(r.importId).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  }, 120_000);
});
