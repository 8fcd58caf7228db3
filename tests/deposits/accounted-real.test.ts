// Every deposit accounted for (issue 24), on the real areas from ../shared/data. Southern Cross: 14 sites, three at
// one coordinate (two exact, one 1.3 m off) and two 1.3 m apart, make 11 deposit cells: the import names the groups,
// the select step names the three counted with another, and each AUC row says how many deposits it rests on.
// Katanning: with the old fixed 3000 m radius 14 of 32 sites lie on cells with no value, each listed by id.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src-main/core/config';
import { depositCellsFromDeposits } from '../../src-main/core/dataset/cells';
import { accountDeposits, depositsOnBand } from '../../src-main/core/deposits/accounting';
import { importDeposits } from '../../src-main/core/deposits/import';
import { idwGrid } from '../../src-main/core/grid/idw';
import { planGrid } from '../../src-main/core/grid/plan';
import { runStep } from '../../src-main/core/app/pipeline';
import type { SelectionRow, SelectResult } from '../../src-main/core/results';
import { importSamples } from '../../src-main/core/samples/import';
import { selectElements } from '../../src-main/core/selection/select';
import { importDepositsStep, importSamplesStep } from '../../src-main/core/app/steps/import-step';
import { Project } from '../../src-main/core/store/project';
import { loadSelection } from '../../src-main/core/store/selection-repo';
import { tempDir } from '../helpers/cli';

const data = (p: string) => path.resolve(import.meta.dirname, '../../../shared/data', p);

describe('Southern Cross: 14 sites on 11 cells, each merge named', () => {
  it('the import names the coincident sites; the select step lists the 3 counted with another; AUC rows carry nDeposits', async () => {
    const p = Project.create(path.join(tempDir('sc-deposits-'), 'sc.prospect'), { name: 'Southern Cross' });
    try {
      await importSamplesStep(p, data('wa-southern-cross-soil/area6_soil_au.csv'), {});
      // Gridded before the deposits come: their import then accounts for them on the grid too.
      const config = resolveConfig('quick');
      await runStep(p, 'grid', config);
      const dep = await importDepositsStep(p, data('wa-southern-cross-soil/area6_soil_au_site.csv'), {});
      const report = dep.report as { count: number; coincident?: { ids: string[]; metres: number; atOneCoordinate?: string[] }[]; notes: string[] };
      expect(report.count).toBe(14);
      expect(report.coincident!.map((g) => g.ids)).toEqual([['S0016298', 'S0015979'], ['S0016317', 'S0016318', 'S0016101']]);
      expect(report.coincident![1].atOneCoordinate).toEqual(['S0016317', 'S0016318']);
      expect(report.coincident![1].metres).toBeGreaterThan(1);
      expect(report.coincident![1].metres).toBeLessThan(2);
      expect(report.notes.join('\n')).toMatch(/deposits S0016317, S0016318, S0016101 lie within 1\.3 m of each other \(S0016317 and S0016318 at one coordinate\)/);

      expect(report.notes).toContain("on the project's grid: 11 deposit cells from 14 deposits; 3 counted with another deposit in the same " +
        'cell (S0016318 with S0016317, S0015979 with S0016298, S0016101 with S0016317)');
      expect(report.notes).toContain('S0016318: in the same cell as S0016317 (row 374, column 71): counted once with it');
      const s = (await runStep(p, 'select', config)).summary as SelectResult & { rows: SelectionRow[] };
      const acc = s.depositAccount!;
      expect(acc).toMatchObject({ total: 14, cells: 11, onSurvey: 14 });
      expect(acc.leftOut.map((l) => [l.id, l.reason, l.with])).toEqual([
        ['S0016318', 'same-cell', 'S0016317'], ['S0015979', 'same-cell', 'S0016298'], ['S0016101', 'same-cell', 'S0016317'],
      ]);
      expect(acc.summary).toMatch(/^11 deposit cells from 14 deposits; 3 counted with another deposit in the same cell/);
      for (const r of s.rows) expect(r).toMatchObject({ nDeposits: 14, nPos: 11 });
      // Stored with the run and read back.
      expect(loadSelection(p).find((r) => r.element === 'Au')!.nDeposits).toBe(14);
    } finally {
      p.close();
    }
  });
});

describe('Katanning: deposits on cells the grid has no value for, listed by id', () => {
  it('3000 m radius: 14 of 32 unsurveyed (the issue\'s figure); the data\'s radius: fewer; every deposit accounted for', async () => {
    const imp = await importSamples(data('wa-katanning-sediment/area1_sediment_au.csv'), { keepRecords: false });
    const dep = await importDeposits(data('wa-katanning-sediment/area1_sediment_au_site.csv'), { targetCrs: imp.points.crs });
    expect(dep.report.coincident).toBeUndefined();
    const account = async (radius: number | 'auto') => {
      const g = { ...resolveConfig('quick').grid, radius, elements: ['Ag', 'Au', 'As', 'Hg'], cellSize: 500 };
      const plan = planGrid(imp.points, g, { quality: imp.report.quality, campaigns: imp.campaigns, campaignSummaries: imp.report.campaigns.campaigns });
      const stack = await idwGrid(plan.points, plan.spec, plan.idw);
      const { cells } = depositCellsFromDeposits(plan.spec, dep.deposits);
      return { stack, cells, acc: accountDeposits({ width: plan.spec.width, height: plan.spec.height, bands: stack.bands, elements: stack.elements }, cells) };
    };
    const fixed = await account(3000);
    const off = fixed.acc.leftOut.filter((l) => l.reason === 'unsurveyed');
    expect(off).toHaveLength(14);
    expect(off.map((l) => l.id)).toContain('S0223266');
    expect(off[0].why).toMatch(/has no value in any of Ag, Au, As, Hg: no sample within the IDW search radius/);
    expect(fixed.acc.cells + fixed.acc.leftOut.length).toBe(32);
    // On 500 m cells two sites also share one cell.
    expect(fixed.acc.summary).toMatch(/^17 deposit cells from 32 deposits; 14 on cells the survey did not reach \(S0.*\); 1 counted with another deposit in the same cell \(S0229940 with S0232653\)$/);

    const auto = await account('auto');
    const offAuto = auto.acc.leftOut.filter((l) => l.reason === 'unsurveyed').length;
    expect(offAuto).toBeLessThan(14);
    expect(auto.acc.cells + auto.acc.leftOut.length).toBe(32);
    // The AUC rows say how many deposits each rests on: those on a valued cell of that element.
    const rows = selectElements(auto.stack, auto.cells, { allowFewDeposits: true });
    for (const [k, r] of rows.entries()) {
      expect(r.nDeposits).toBe(depositsOnBand(auto.stack.bands[k], auto.stack.spec.width, auto.cells));
      expect(r.nDeposits).toBeLessThanOrEqual(32 - offAuto);
    }
  });
});
