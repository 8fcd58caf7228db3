// The report's selection table: both z values, the deciding test, the campaign check and the elements left out.
import { describe, expect, it } from 'vitest';
import { accountDeposits, depositsOnBand } from '../../src-main/core/deposits/accounting';
import { buildReportHtml, type ReportData, type ReportSelectionRow } from '../../src-main/core/report/html';

const row = (element: string, over: Partial<ReportSelectionRow>): ReportSelectionRow => ({
  element, auc: 0.5, se: 0.05, zauc: 0, p: 1, ci95: [0.4, 0.6], selected: false, direction: 'enrichment',
  zaucNull: 0, criterion: 'zauc-null', ...over,
});

function report(selection: ReportSelectionRow[], selectionExcluded?: ReportData['selectionExcluded'], depositAccount?: ReportData['depositAccount']): string {
  const data: ReportData = {
    title: 't', project: 'p.prospect', createdAt: '2026-01-01', seed: 42, parameters: {},
    spec: { crs: 'EPSG:32750', xmin: 0, ymax: 400, cellX: 100, cellY: 100, width: 4, height: 4 },
    deposits: [], elementMaps: [], probability: null, tiles: [], selection, selectionExcluded, depositAccount, history: [], evaluate: null, targets: [],
  };
  const html = buildReportHtml(data);
  return /<section id="selection">.*?<\/section>/s.exec(html)?.[0] ?? '';
}

describe('report selection section', () => {
  it('shows the null z, the rule in use, the campaign check with its reason, exclusions and ungridded elements', () => {
    const s = report([
      row('Au', { auc: 0.75, nDeposits: 11, zauc: 3.74, zaucNull: 3.67, selected: true, campaignDriven: { driven: false, aucWithin: 0.739, reason: 'holds' } }),
      row('Hg', { auc: 0.67, zauc: 2.42, zaucNull: 2.5, campaignDriven: { driven: true, aucWithin: 0.57, reason: 'AUC 0.670 across all campaigns but 0.570 within' } }),
      row('Cu', { excluded: 'excluded by the configuration (select.exclude)' }),
    ], [{ element: 'Bi', reason: 'not gridded: coverage below 30%: 6 of 866 samples measured (0.7%)' }]);
    expect(s).toMatch(/selected on the null z \(SE under AUC = 0\.5\)/);
    expect(s).toContain('<td>Au</td><td>0.750</td><td>11</td><td>0.050</td><td>3.74</td><td>3.67</td>');
    expect(s).toMatch(/<td>Hg<\/td>.*<td><b>driven<\/b> \(within 0\.570\)<\/td><\/tr>/);
    expect(s).toMatch(/<td>Cu<\/td>.*<td>no \(excluded\)<\/td>/);
    expect(s).toContain('<li>Bi: not gridded: coverage below 30%: 6 of 866 samples measured (0.7%)</li>');
    expect(s).toContain('<li>Hg: AUC 0.670 across all campaigns but 0.570 within</li>');
    expect((s.match(/<tr/g) ?? []).length).toBe(4);
  });

  it('reads a selection stored before the criterion existed as the paper\'s ZAUC, with dashes for what it lacks', () => {
    const s = report([row('Au', { zaucNull: undefined, criterion: undefined, selected: true, zauc: 3 })]);
    expect(s).toMatch(/selected on ZAUC \(SE at the observed AUC, the paper&#39;s\)|selected on ZAUC \(SE at the observed AUC, the paper's\)/);
    expect(s).toMatch(/<td>3\.00<\/td><td>-<\/td>/);
    expect(s).not.toContain('<ul>');
  });

  it('lists every deposit left out with its id and why, and how many deposits each AUC rests on', () => {
    // 4 x 4 grid, the right column unsurveyed: d3 shares d1's cell, d4 sits on the unsurveyed column.
    const band = new Float32Array(16).map((_, i) => (i % 4 === 3 ? NaN : i));
    const cells = [{ id: 'd1', row: 0, col: 0 }, { id: 'd2', row: 2, col: 1 }, { id: 'd3', row: 0, col: 0 }, { id: 'd4', row: 1, col: 3 }];
    const account = accountDeposits({ width: 4, height: 4, bands: [band], elements: ['Au'] }, cells);
    expect(account).toMatchObject({ total: 4, cells: 2, onSurvey: 3 });
    expect(account.summary).toBe('2 deposit cells from 4 deposits; 1 on cells the survey did not reach (d4); 1 counted with another deposit in the same cell (d3 with d1)');
    const s = report([row('Au', { nDeposits: depositsOnBand(band, 4, cells) })], undefined, account);
    expect(s).toContain('<td>Au</td><td>0.500</td><td>3</td>');
    expect(s).toContain('<tr><td>d3</td><td>in the same cell as d1 (row 1, column 1): counted once with it</td></tr>');
    expect(s).toContain('<tr><td>d4</td><td>its cell (row 2, column 4) has no value in any of Au: no sample within the IDW search radius</td></tr>');
  });
});
