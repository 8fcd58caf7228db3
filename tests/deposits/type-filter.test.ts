// Keeping only mines and deposits from a register that also lists prospects and occurrences, on the real Katanning
// register; the expected counts come from Python's csv module, a reader independent of ours.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importDeposits } from '../../src-main/core/deposits/import';
import { importDepositsStep } from '../../src-main/core/app/steps/import-step';
import { Project } from '../../src-main/core/store/project';
import { ProspectError } from '../../src-main/core/types';
import { prospect } from '../helpers/cli';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const sites = path.resolve(repoRoot, '../shared/data/wa-katanning-sediment/area1_sediment_au_site.csv');
const dir = mkdtempSync(path.join(os.tmpdir(), 'prospect-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Site codes per SITE_TYPE_ value, read by Python. */
function pythonCodes(): Record<string, string[]> {
  const script = 'import csv,json,sys\nout={}\nfor r in csv.DictReader(open(sys.argv[1], newline="")):\n' +
    '  out.setdefault(r["SITE_TYPE_"].strip(), []).append(r["SITE_CODE"])\nprint(json.dumps(out))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, sites]).toString());
}

async function rejects(p: Promise<unknown>, code: string, ...texts: string[]): Promise<void> {
  await expect(p).rejects.toSatisfy((e: unknown) => {
    expect(e).toBeInstanceOf(ProspectError);
    expect((e as ProspectError).code).toBe(code);
    for (const t of texts) expect((e as ProspectError).message).toContain(t);
    return true;
  });
}

describe('deposit site-type filter', () => {
  it('keeps Mine + Deposit (any case, any spaces), exactly the rows Python counts, and reports what it dropped', async () => {
    const codes = pythonCodes();
    const want = [...codes.Mine, ...codes.Deposit].sort();
    const total = Object.values(codes).flat().length;
    const r = await importDeposits(sites, { targetCrs: 'EPSG:28350', typeColumn: 'site_type_', types: [' mine', 'DEPOSIT '] });
    expect(r.deposits.map((d) => d.id).sort()).toEqual(want);
    expect(r.report.count).toBe(want.length);
    expect(r.report.typeFilter).toMatchObject({ column: 'SITE_TYPE_', types: ['Mine', 'Deposit'], kept: want.length, dropped: total - want.length });
    expect(r.report.typeFilter!.values.find((v) => v.value === 'Prospect')?.count).toBe(codes.Prospect.length);
    expect(r.report.notes.join('\n')).toMatch(new RegExp(`dropped ${total - want.length} of other types`));
  });

  it('stores the filter with the import in the project', async () => {
    const file = path.join(dir, 'p.prospect');
    const p = Project.create(file, { name: 't' });
    try {
      const out = await importDepositsStep(p, sites, { targetCrs: 'EPSG:28350', typeColumn: 'SITE_TYPE_', types: ['Mine'] });
      expect(out.report.count).toBe(pythonCodes().Mine.length);
      const row = p.db.prepare("SELECT options, report FROM imports WHERE kind = 'deposits'").get() as { options: string; report: string };
      expect(JSON.parse(row.options)).toMatchObject({ typeColumn: 'SITE_TYPE_', types: ['Mine'] });
      expect(JSON.parse(row.report).typeFilter).toMatchObject({ column: 'SITE_TYPE_', kept: 2, dropped: 30 });
    } finally {
      p.close();
    }
    expect(existsSync(file)).toBe(true);
  });

  it('refuses a column the file lacks, a type no row has, and types without a column, naming file and column', async () => {
    await rejects(importDeposits(sites, { targetCrs: 'EPSG:28350', typeColumn: 'DEPOSIT_TYPE', types: ['Mine'] }),
      'MISSING_COLUMN', sites, "column 'DEPOSIT_TYPE'", 'SITE_TYPE_');
    await rejects(importDeposits(sites, { targetCrs: 'EPSG:28350', typeColumn: 'SITE_TYPE_', types: ['Mine', 'Mines'] }),
      'UNKNOWN_TYPE', sites, "column 'SITE_TYPE_'", "'Mines'", "'Prospect' (21)", "'Mine' (2)");
    await rejects(importDeposits(sites, { targetCrs: 'EPSG:28350', typeColumn: 'SITE_TYPE_', types: [] }),
      'BAD_ARGS', sites, "column 'SITE_TYPE_'", "'Deposit' (4)");
    await rejects(importDeposits(sites, { targetCrs: 'EPSG:28350', types: ['Mine'] }), 'BAD_ARGS', sites, '--type-column');
  });

  it('works from the command line: prospect import --deposits FILE --type-column COL --types Mine,Deposit', () => {
    const project = path.join(dir, 'cli.prospect');
    const r = prospect(['import', '--project', project, '--deposits', sites, '--target-crs', 'EPSG:28350', '--type-column', 'SITE_TYPE_',
      '--types', 'Mine,Deposit', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json?.report).toMatchObject({ typeFilter: { column: 'SITE_TYPE_', types: ['Mine', 'Deposit'] } });
    const bad = prospect(['import', '--project', project, '--deposits', sites, '--type-column', 'SITE_TYPE_', '--types', 'Mines', '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain("'Mines'");
    const p = Project.open(project);
    try {
      const n = (p.db.prepare('SELECT count(*) AS n FROM deposits').get() as { n: number }).n;
      const codes = pythonCodes();
      expect(n).toBe(codes.Mine.length + codes.Deposit.length);
    } finally {
      p.close();
    }
  }, 120_000);
});
