// An export never overwrites files it did not write for this project: into a folder of other files it refuses unless
// --force; into its own earlier export it replaces its own files and says so; the demo likewise.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { forceExport, parseArgs } from '../../src-main/cli/args';
import { configFromArgs } from '../../src-main/cli/config-flags';
import { resolveConfig } from '../../src-main/core/config';
import { generateDemo } from '../../src-main/core/demo/generate';
import { runPipeline } from '../../src-main/core/app/pipeline';
import { importDepositsStep, importSamplesStep } from '../../src-main/core/app/steps/import-step';
import { MANIFEST_NAME } from '../../src-main/core/app/steps/export-manifest';
import { Project } from '../../src-main/core/store/project';
import { prospect, sha256, tempDir } from '../helpers/cli';

let dir: string;
let project: string;

beforeAll(async () => {
  dir = tempDir('export-folder-');
  const files = generateDemo(path.join(dir, 'data'), { samples: 900, sizeKm: 12, deposits: 8, seed: 7 });
  project = path.join(dir, 'area.prospect');
  const p = Project.create(project, { name: 'export folder' });
  try {
    await importSamplesStep(p, files.samplesFile, { x: 'X', y: 'Y', crs: files.crs });
    await importDepositsStep(p, files.depositsFile, { x: 'X', y: 'Y', crs: files.crs, nameColumn: 'NAME' });
    const config = resolveConfig('quick', {
      grid: { size: [64, 64] }, dataset: { windowSize: 16, cropSize: 14, nPositive: 40, nNegative: 40, folds: 3 },
      train: { arch: 'smallcnn', epochs: 1, batchSize: 16 }, predict: { dense: false },
    });
    await runPipeline(p, config, { steps: ['grid', 'select', 'dataset', 'train', 'predict'] });
  } finally {
    p.close();
  }
}, 600_000);

type Json = { ok: boolean; error?: { code: string; message: string }; steps?: { summary: { note?: string }; files: string[] }[] };

function exportTo(out: string, ...extra: string[]) {
  const r = prospect(['export', '--project', project, '--out', out, ...extra, '--json']);
  return { ...r, res: r.json as Json };
}

function listing(d: string): string[] {
  return readdirSync(d, { recursive: true }).map(String).sort();
}

describe('export folders', () => {
  it('a bare --force is the export\'s; --force A,B stays the selection\'s element override', () => {
    const bare = parseArgs(['--project', 'p.prospect', '--force', '--json']);
    expect(forceExport(bare)).toBe(true);
    expect(configFromArgs(bare).select.force).toBeUndefined();
    const elements = parseArgs(['--project', 'p.prospect', '--force', 'Cu,Pb']);
    expect(forceExport(elements)).toBe(false);
    expect(configFromArgs(elements).select.force).toEqual(['Cu', 'Pb']);
    expect(() => configFromArgs(parseArgs(['--force', '../x']))).toThrow(/cannot be an element name/);
  });

  it('writes a manifest naming the project and its files; a second export replaces its own files and says so', () => {
    const out = path.join(dir, 'export');
    const first = exportTo(out);
    expect(first.code, first.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST_NAME), 'utf8'));
    expect(manifest.owner.path).toBe(project);
    expect(manifest.owner.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(manifest.files).toContain('tiles.csv');
    expect(manifest.files).toContain('grids/Cu.tif');
    const written = first.res.steps![0].files.filter((f) => !f.endsWith(MANIFEST_NAME));
    expect(manifest.files.length).toBe(written.length);

    const second = exportTo(out);
    expect(second.code, second.stderr).toBe(0);
    expect(second.res.steps![0].summary.note).toBe(`replaced ${written.length} files of its own earlier export in ${out}`);
    expect(second.stdout + second.stderr).toMatch(/replaced \d+ files of its own earlier export/);
  }, 300_000);

  it('refuses a folder holding other files, changing nothing; --force writes and keeps the other files', () => {
    const out = path.join(dir, 'theirs');
    mkdirSync(out);
    writeFileSync(path.join(out, 'field-notes.txt'), 'mine\n');
    writeFileSync(path.join(out, 'tiles.csv'), 'someone else\'s tiles\n');
    const before = listing(out);
    const r = exportTo(out);
    expect(r.code).not.toBe(0);
    expect(r.res.error!.code).toBe('EXPORT_DIR_NOT_OURS');
    expect(r.res.error!.message).toMatch(/holds files this project did not write there: .*'field-notes.txt'.*Nothing was written.*--force/);
    expect(listing(out)).toEqual(before);
    expect(readFileSync(path.join(out, 'tiles.csv'), 'utf8')).toBe('someone else\'s tiles\n');

    const forced = exportTo(out, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.res.steps![0].summary.note).toMatch(/held other files \(--force\)/);
    expect(readFileSync(path.join(out, 'field-notes.txt'), 'utf8')).toBe('mine\n');
    expect(existsSync(path.join(out, MANIFEST_NAME))).toBe(true);
  }, 300_000);

  it("refuses another project's export folder, naming that project", () => {
    const out = path.join(dir, 'export');
    const other = path.join(dir, 'other.prospect');
    copyFileSync(project, other);
    const db = new Database(other);
    db.prepare("UPDATE meta SET value = 'another-project' WHERE key = 'project_id'").run();
    db.close();
    const before = sha256(path.join(out, 'tiles.csv'));
    const r = prospect(['export', '--project', other, '--out', out, '--json']);
    expect(r.code).not.toBe(0);
    const e = (r.json as Json).error!;
    expect(e.code).toBe('EXPORT_DIR_NOT_OURS');
    expect(e.message).toContain(`it holds the export of ${project}`);
    expect(sha256(path.join(out, 'tiles.csv'))).toBe(before);
  }, 120_000);
});

describe('prospect demo --out', () => {
  it('run twice into its folder replaces its own files and project, and says so', () => {
    const out = path.join(tempDir('demo-twice-'), 'demo');
    // A small, fast demo: every step still runs.
    const config = path.join(dir, 'demo-config.json');
    writeFileSync(config, JSON.stringify({
      grid: { size: [64, 64] }, dataset: { windowSize: 16, cropSize: 14, nPositive: 40, nNegative: 40, folds: 3 },
      train: { arch: 'smallcnn', epochs: 1, batchSize: 16 }, predict: { dense: false }, evaluate: { mode: 'holdout', dense: false, randomCv: false },
    }));
    const demo = () => prospect(['demo', '--out', out, '--small', '--config', config, '--json'], { timeoutMs: 600_000 });
    const projectId = () => {
      const db = new Database(path.join(out, 'demo.prospect'), { readonly: true });
      try {
        return (db.prepare("SELECT value FROM meta WHERE key = 'project_id'").get() as { value: string }).value;
      } finally {
        db.close();
      }
    };
    const first = demo();
    expect(first.code, first.stderr.slice(-2000)).toBe(0);
    const firstId = projectId();
    const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST_NAME), 'utf8'));
    expect(manifest.owner).toMatchObject({ id: firstId, demo: true });
    expect(manifest.files).toEqual(expect.arrayContaining(['demo.prospect', 'data/samples.csv', 'targets.csv']));

    const second = demo();
    expect(second.code, second.stderr.slice(-2000)).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`demo: replacing ${manifest.files.length} files of the earlier demo`));
    expect(second.stdout + second.stderr).toMatch(/replaced \d+ files of its own earlier export/);
    expect(projectId()).not.toBe(firstId);
    expect(readdirSync(out).filter((f) => f.endsWith('.new') || f.endsWith('.lock'))).toEqual([]);
  }, 900_000);

  it('refuses a folder of other files before writing anything', () => {
    const out = tempDir('demo-theirs-');
    writeFileSync(path.join(out, 'samples.csv'), 'not the demo\n');
    const r = prospect(['demo', '--out', out, '--small', '--json']);
    expect(r.code).not.toBe(0);
    expect((r.json as Json).error!.code).toBe('EXPORT_DIR_NOT_OURS');
    expect(listing(out)).toEqual(['samples.csv']);
  }, 60_000);
});

describe('prospect grid --out', () => {
  it('replaces its own GeoTIFFs of the same table, refuses a folder of other files unless --force', () => {
    const samples = path.join(dir, 'data', 'samples.csv');
    const grid = (out: string, ...extra: string[]) => prospect(['grid', '--samples', samples, '--x', 'X', '--y', 'Y', '--crs', 'EPSG:32645',
      '--elements', 'Cu', '--cell', '500', '--out', out, ...extra, '--json']);
    const out = path.join(tempDir('grid-out-'), 'tifs');
    expect(grid(out).code).toBe(0);
    const again = grid(out);
    expect(again.code, again.stderr).toBe(0);
    const theirs = tempDir('grid-theirs-');
    writeFileSync(path.join(theirs, 'Cu.tif'), 'not a grid of ours');
    const r = grid(theirs);
    expect(r.code).not.toBe(0);
    expect((r.json as Json).error!.code).toBe('EXPORT_DIR_NOT_OURS');
    expect(readFileSync(path.join(theirs, 'Cu.tif'), 'utf8')).toBe('not a grid of ours');
    expect(grid(theirs, '--force').code).toBe(0);
    expect(readFileSync(path.join(theirs, 'Cu.tif')).subarray(0, 2).toString('latin1')).toBe('II');
  }, 180_000);
});
