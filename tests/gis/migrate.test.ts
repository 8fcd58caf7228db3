// A project file from before the GeoPackage (schema version 3, user_version 3) opens, is migrated in place and
// shows its layers to GDAL.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refreshGisLayers } from '../../src-main/core/app/gis-layers';
import { loadSamplePoints } from '../../src-main/core/store/samples-repo';
import { PROJECT_FORMAT, Project, schemaVersion } from '../../src-main/core/store/project';
import { MIGRATIONS } from '../../src-main/core/store/schema';
import { tempDir } from '../helpers/cli';
import { ogrLayers, run } from './helpers';

/** The schema the releases before the GeoPackage wrote: their first three migrations, unchanged since. */
const PRE_GPKG_VERSION = 3;

function oldProject(file: string): void {
  const db = new Database(file);
  for (let v = 0; v < PRE_GPKG_VERSION; v++) db.exec(MIGRATIONS[v]);
  db.pragma(`user_version = ${PRE_GPKG_VERSION}`);
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?), (?, ?), (?, ?)').run('format', PROJECT_FORMAT, 'crs', 'EPSG:32750', 'name', 'Old');
  db.prepare("INSERT INTO imports(id, kind, file, options, report, created_at) VALUES (1, 'samples', 'a.csv', '{}', '{}', 'x'), (2, 'deposits', 'd.csv', '{}', '{}', 'x')").run();
  const ins = db.prepare("INSERT INTO samples(id, import_id, row_no, sample_id, x, y, status) VALUES (?, 1, ?, ?, ?, ?, 'kept')");
  const val = db.prepare('INSERT INTO sample_values(sample_id, element, value, raw, flag, unit) VALUES (?,?,?,?,?,?)');
  for (let i = 1; i <= 20; i++) {
    ins.run(i, i + 1, `S${i}`, 400000 + i * 100, 6500000 + (i % 5) * 100);
    val.run(i, 'Cu', i, String(i), 'ok', 'ppm');
    val.run(i, 'Au', i % 4 === 0 ? 0.5 : null, i % 4 === 0 ? '<1' : '', i % 4 === 0 ? 'censored' : 'missing', 'ppb');
  }
  db.prepare("INSERT INTO deposits(import_id, ext_id, name, x, y, attrs) VALUES (2, 'D1', 'Old mine', 400500, 6500200, '{\"row\":2}')").run();
  db.close();
}

describe('a project file from before the GeoPackage', () => {
  it('is migrated on open: GeoPackage header, schema version in meta, layers for GDAL, data untouched', () => {
    const file = path.join(tempDir('gis-migrate-'), 'old.prospect');
    oldProject(file);
    expect(run('ogrinfo', ['-so', file]).out).not.toMatch(/sample_points/);
    const p = Project.open(file);
    try {
      expect(schemaVersion(p)).toBe(MIGRATIONS.length);
      expect(p.db.pragma('application_id', { simple: true })).toBe(0x47504b47);
      expect(p.db.pragma('user_version', { simple: true })).toBe(10300);
      expect(loadSamplePoints(p).x).toHaveLength(20);
      expect(refreshGisLayers(p).built.sort()).toEqual(['deposit_points', 'sample_points']);
      // Nothing changed, nothing rebuilt.
      expect(refreshGisLayers(p).built).toEqual([]);
      const cu = p.db.prepare('SELECT sample_id, import_row, Cu, Au, Au_flag FROM sample_points ORDER BY fid LIMIT 4').all();
      expect(cu[3]).toEqual({ sample_id: 'S4', import_row: 5, Cu: 4, Au: 0.5, Au_flag: 'censored' });
    } finally {
      p.close();
    }
    // Opening again migrates nothing more.
    const again = Project.open(file);
    expect(schemaVersion(again)).toBe(MIGRATIONS.length);
    again.close();
    const layers = ogrLayers(file);
    expect(layers.get('sample_points')).toEqual({ count: 20, crs: 'WGS 84 / UTM zone 50S' });
    expect(layers.get('deposit_points')).toEqual({ count: 1, crs: 'WGS 84 / UTM zone 50S' });
  });
});
