// The SQL functions the GeoPackage R-tree triggers call (ST_MinX ... ST_IsEmpty). GDAL registers them on its own
// connections; ours needs them too, or any insert into a feature table would fail inside its trigger.
import type Database from 'better-sqlite3';
import { readGpkgHeader } from '../../formats/gpkg-geometry';

function envelopeOf(b: unknown): [number, number, number, number] | null {
  if (!(b instanceof Uint8Array)) return null;
  try {
    return readGpkgHeader(b).envelope;
  } catch {
    return null;
  }
}

export function registerGpkgFunctions(db: Database.Database): void {
  const opts = { deterministic: true } as const;
  db.function('ST_MinX', opts, (g: unknown) => envelopeOf(g)?.[0] ?? null);
  db.function('ST_MaxX', opts, (g: unknown) => envelopeOf(g)?.[1] ?? null);
  db.function('ST_MinY', opts, (g: unknown) => envelopeOf(g)?.[2] ?? null);
  db.function('ST_MaxY', opts, (g: unknown) => envelopeOf(g)?.[3] ?? null);
  db.function('ST_IsEmpty', opts, (g: unknown) => (envelopeOf(g) === null ? 1 : 0));
}
