// GeoPackage binary geometries (OGC 12-128r18, 2.1.3): a 'GP' header with the SRS id and an optional envelope,
// then little-endian WKB. Only what the layers need: points and rectangles out, points (and multipoints) back in.

const WKB_POINT = 1;
const WKB_POLYGON = 3;
const WKB_MULTIPOINT = 4;
/** Flags byte: bit 0 little-endian, bits 1-3 envelope kind (0 none, 1 [minx, maxx, miny, maxy]), bit 4 empty. */
const FLAG_LE = 0x01;
const ENVELOPE_XY = 1;

function header(srsId: number, envelope: [number, number, number, number] | null): Buffer {
  const h = Buffer.alloc(8 + (envelope ? 32 : 0));
  h.write('GP', 0, 'latin1');
  h[2] = 0;
  h[3] = FLAG_LE | ((envelope ? ENVELOPE_XY : 0) << 1);
  h.writeInt32LE(srsId, 4);
  envelope?.forEach((v, i) => h.writeDoubleLE(v, 8 + i * 8));
  return h;
}

/** A point (no envelope: for a point it would only repeat the coordinates, and GDAL writes none either). */
export function gpkgPoint(srsId: number, x: number, y: number): Buffer {
  const wkb = Buffer.alloc(21);
  wkb[0] = 1;
  wkb.writeUInt32LE(WKB_POINT, 1);
  wkb.writeDoubleLE(x, 5);
  wkb.writeDoubleLE(y, 13);
  return Buffer.concat([header(srsId, null), wkb]);
}

/** An axis-aligned rectangle as a closed, counter-clockwise polygon, with its envelope. */
export function gpkgRect(srsId: number, xmin: number, ymin: number, xmax: number, ymax: number): Buffer {
  const ring = [[xmin, ymin], [xmax, ymin], [xmax, ymax], [xmin, ymax], [xmin, ymin]];
  const wkb = Buffer.alloc(1 + 4 + 4 + 4 + ring.length * 16);
  wkb[0] = 1;
  wkb.writeUInt32LE(WKB_POLYGON, 1);
  wkb.writeUInt32LE(1, 5);
  wkb.writeUInt32LE(ring.length, 9);
  ring.forEach(([x, y], i) => { wkb.writeDoubleLE(x, 13 + i * 16); wkb.writeDoubleLE(y, 21 + i * 16); });
  return Buffer.concat([header(srsId, [xmin, xmax, ymin, ymax]), wkb]);
}

export interface GpkgGeometryInfo {
  srsId: number;
  empty: boolean;
  /** [minx, maxx, miny, maxy], from the header or, for a point without one, the point itself. */
  envelope: [number, number, number, number] | null;
  /** Offset of the WKB after the header. */
  wkbOffset: number;
}

const ENVELOPE_DOUBLES = [0, 4, 6, 6, 8];

/** Reads a GeoPackage geometry's header; throws on anything that is not one. */
export function readGpkgHeader(b: Uint8Array): GpkgGeometryInfo {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (buf.length < 8 || buf[0] !== 0x47 || buf[1] !== 0x50) throw new Error('not a GeoPackage geometry (no GP magic)');
  const flags = buf[3];
  const le = (flags & 1) === 1;
  const kind = (flags >> 1) & 7;
  if (kind >= ENVELOPE_DOUBLES.length) throw new Error(`bad envelope indicator ${kind}`);
  const srsId = le ? buf.readInt32LE(4) : buf.readInt32BE(4);
  const n = ENVELOPE_DOUBLES[kind];
  const wkbOffset = 8 + n * 8;
  const empty = (flags & 0x10) !== 0;
  let envelope: GpkgGeometryInfo['envelope'] = null;
  if (n > 0) {
    const d = (i: number) => (le ? buf.readDoubleLE(8 + i * 8) : buf.readDoubleBE(8 + i * 8));
    envelope = [d(0), d(1), d(2), d(3)];
  } else if (!empty) {
    const pts = wkbPoints(buf, wkbOffset);
    if (pts.length > 0) {
      const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
      envelope = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    }
  }
  return { srsId, empty, envelope, wkbOffset };
}

/**
 * The points of a WKB point or multipoint (any Z/M variant: ISO 1001-3001 and the 0x80000000 EWKB flags), in order.
 * Other geometry types return an empty list: the caller says which feature was not a point.
 */
export function wkbPoints(buf: Buffer, at: number): [number, number][] {
  const le = buf[at] === 1;
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const f64 = (o: number) => (le ? buf.readDoubleLE(o) : buf.readDoubleBE(o));
  const raw = u32(at + 1);
  const base = (raw & 0x0fffffff) % 1000;
  const iso = Math.floor((raw & 0x0fffffff) / 1000);
  const dims = 2 + (iso === 1 || iso === 2 ? 1 : iso === 3 ? 2 : 0) + ((raw & 0x80000000) ? 1 : 0) + ((raw & 0x40000000) ? 1 : 0);
  if (base === WKB_POINT) {
    const x = f64(at + 5), y = f64(at + 13);
    return Number.isNaN(x) && Number.isNaN(y) ? [] : [[x, y]];
  }
  if (base === WKB_MULTIPOINT) {
    const n = u32(at + 5);
    const out: [number, number][] = [];
    let o = at + 9;
    for (let i = 0; i < n; i++) {
      out.push(...wkbPoints(buf, o));
      o += 5 + dims * 8;
    }
    return out;
  }
  return [];
}
