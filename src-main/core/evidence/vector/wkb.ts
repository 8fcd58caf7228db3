// Well-known binary (OGC SFA, ISO Z/M codes and EWKB flags) into our geometries: what GeoPackage stores.
import type { VectorGeometry, XY } from './geometry';

/** Parses one WKB geometry starting at `at`; returns it (null when empty) and the offset after it. */
export function parseWkb(buf: Buffer, at = 0): { geometry: VectorGeometry | null; end: number } {
  const points: XY[] = [], lines: XY[][] = [], polygons: XY[][][] = [];
  const end = read(buf, at, points, lines, polygons);
  const kinds = [points.length > 0, lines.length > 0, polygons.length > 0].filter(Boolean).length;
  if (kinds > 1) throw new Error('a geometry collection mixing points, lines and polygons');
  const geometry: VectorGeometry | null = points.length ? { type: 'points', points } : lines.length ? { type: 'lines', lines }
    : polygons.length ? { type: 'polygons', polygons } : null;
  return { geometry, end };
}

function read(buf: Buffer, at: number, points: XY[], lines: XY[][], polygons: XY[][][]): number {
  if (at + 5 > buf.length) throw new Error('the geometry is truncated');
  const le = buf[at] === 1;
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const f64 = (o: number) => (le ? buf.readDoubleLE(o) : buf.readDoubleBE(o));
  const raw = u32(at + 1);
  let o = at + 5;
  if (raw & 0x20000000) o += 4; // EWKB SRID
  const base = (raw & 0x0fffffff) % 1000;
  const iso = Math.floor((raw & 0x0fffffff) / 1000);
  const dims = 2 + (iso === 1 || iso === 2 ? 1 : iso === 3 ? 2 : 0) + ((raw & 0x80000000) ? 1 : 0) + ((raw & 0x40000000) ? 1 : 0);
  const seq = (): XY[] => {
    const n = u32(o); o += 4;
    if (o + n * dims * 8 > buf.length) throw new Error('the geometry is truncated');
    const pts: XY[] = [];
    for (let i = 0; i < n; i++, o += dims * 8) pts.push([f64(o), f64(o + 8)]);
    return pts;
  };
  switch (base) {
    case 1: {
      const x = f64(o), y = f64(o + 8);
      o += dims * 8;
      if (!(Number.isNaN(x) && Number.isNaN(y))) points.push([x, y]);
      return o;
    }
    case 2: { const l = seq(); if (l.length) lines.push(l); return o; }
    case 3: {
      const n = u32(o); o += 4;
      const rings: XY[][] = [];
      for (let i = 0; i < n; i++) rings.push(seq());
      if (rings.length && rings[0].length) polygons.push(rings);
      return o;
    }
    case 4: case 5: case 6: case 7: {
      const n = u32(o); o += 4;
      for (let i = 0; i < n; i++) o = read(buf, o, points, lines, polygons);
      return o;
    }
    default:
      throw new Error(`WKB geometry type ${raw} (curves and surfaces other than polygons are not read; segmentize them in your GIS)`);
  }
}
