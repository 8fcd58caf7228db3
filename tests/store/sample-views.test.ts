// The samples table the app shows: each element cell comes with how it was read, so censored and sentinel cells are
// shown as such; the latest import's report and the coverage gate come with the page.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSamplesStep } from '../../src-main/core/app/steps/import-step';
import { Project } from '../../src-main/core/store/project';
import { samplePreview } from '../../src-main/core/app/queries';
import { tempDir } from '../helpers/cli';

describe('samplePreview', () => {
  it('returns each cell with its flag and raw text, the report and the coverage gate', async () => {
    const dir = tempDir('prospect-preview-');
    const file = path.join(dir, 's.csv');
    const rows = ['X,Y,SAMPLEID,Cu_ppm,Bi_ppm'];
    // Bi measured in 1 of 10 samples: under the 30% coverage rule; Cu has one '<0.5' and one -9999.
    for (let i = 0; i < 10; i++) rows.push(`${500000 + 100 * i},7000000,S${i},${i === 1 ? '<0.5' : i === 2 ? '-9999' : 10 + i},${i === 0 ? 2 : '<0.1'}`);
    writeFileSync(file, rows.join('\n') + '\n');
    const p = Project.create(path.join(dir, 'a.prospect'), { name: 'a' });
    try {
      await importSamplesStep(p, file, { crs: 'EPSG:32750' });
      const v = samplePreview(p, 0, 5);
      expect(v.columns).toEqual(['row', 'sample', 'x', 'y', 'status', 'Bi', 'Cu']);
      expect(v.total).toBe(10);
      expect(v.flags[0]).toEqual(['ok', 'ok']);
      expect(v.flags[1]).toEqual(['censored', 'censored']);
      expect(v.raws[1]).toEqual(['<0.1', '<0.5']);
      expect(v.flags[2]).toEqual(['censored', 'sentinel']);
      expect(v.rows[2]![6]).toBe('-9999');
      expect(v.report?.rowsKept).toBe(10);
      expect(v.report?.quality.map((q) => q.element)).toEqual(['Cu', 'Bi']);
      expect(v.gate?.keep).toEqual(['Cu']);
      expect(v.gate?.excluded[0]).toMatchObject({ element: 'Bi' });
      expect(v.gate?.excluded[0]!.reason).toMatch(/coverage below 30%: 1 of 10 samples measured/);
    } finally {
      p.close();
    }
  });
});
