// A printable map sheet (one A4 landscape PDF page) to take to the field: the delivered map stretched to its own
// values, the target areas outlined and numbered as in the GPX/KML, deposits and samples, a legend that names the
// stretch, a scale bar, grid north, coordinate ticks, the CRS, the held-out verdict and the date. pdf-lib writes it
// (pure JavaScript, no native code; docs/design.md says why); the map is a PNG from the report's encoder.
import { degrees, PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { FieldArea, VerdictNote } from '../evaluation/field-targets';
import { TRUST_ADVICE } from '../evaluation/field-targets';
import { encodePng } from '../report/png';
import type { AreaGeometry } from '../targets-types';
import type { GridSpec } from '../types';
import { percentiles, PROBABILITY_RAMP, rampAt, type Rgb } from './qml';

export interface MapSheetInput {
  title: string;
  spec: GridSpec;
  /** The delivered map (calibrated probability or score), NaN = nodata. */
  values: Float32Array;
  /** What the values are, e.g. 'P(ore), isotonic calibration' or 'score (not a probability)'. */
  valueLabel: string;
  areas: FieldArea[];
  deposits: { x: number; y: number; id?: string }[];
  samples: { x: ArrayLike<number>; y: ArrayLike<number> };
  verdict: VerdictNote;
  /** The sheet's date (YYYY-MM-DD). */
  date: string;
  /** The map centre in WGS84, shown beside the CRS; null when the CRS cannot be projected. */
  centreLonLat: [number, number] | null;
  /** One line on how the areas were chosen (minimum area, dropped ones). */
  areasNote: string;
}

const PAGE = { w: 842, h: 595 };
const MAP = { x: 62, y: 58, w: 500, h: 462 };
const PANEL_X = 592;
const CLASS_RGB: Record<FieldArea['class'], Rgb> = { greenfield: [200, 20, 30], extension: [230, 120, 20], known: [40, 90, 200] };
const TRUST_RGB: Record<VerdictNote['trust'], Rgb> = { act: [30, 130, 60], element: [200, 110, 0], chance: [190, 20, 30], unknown: [200, 110, 0] };
const col = (c: Rgb) => rgb(c[0] / 255, c[1] / 255, c[2] / 255);

/** Helvetica (the PDF standard font) encodes WinAnsi only: anything else is shown as '?' rather than failing. */
export function winAnsi(s: string): string {
  return s.replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]/g, '?');
}

/** 1, 2 or 5 times a power of ten, at most `max`. */
export function niceStep(max: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(max)));
  return [5, 2, 1].map((k) => k * p).find((v) => v <= max) ?? p;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of winAnsi(text).split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) (lines.push(line), (line = word));
    else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The map as RGBA pixels, longer side at most maxSide, nearest neighbour, nodata transparent. */
function mapImage(values: Float32Array, spec: GridSpec, lo: number, hi: number, maxSide: number): { png: Buffer; w: number; h: number } {
  const scale = Math.min(1, maxSide / Math.max(spec.width, spec.height));
  const w = Math.max(1, Math.round(spec.width * scale));
  const h = Math.max(1, Math.round(spec.height * scale));
  const rgba = new Uint8Array(w * h * 4);
  const span = hi - lo || 1;
  for (let r = 0; r < h; r++) {
    const sr = Math.min(spec.height - 1, Math.floor(((r + 0.5) * spec.height) / h));
    for (let c = 0; c < w; c++) {
      const v = values[sr * spec.width + Math.min(spec.width - 1, Math.floor(((c + 0.5) * spec.width) / w))];
      if (!Number.isFinite(v)) continue;
      const [R, G, B] = rampAt(PROBABILITY_RAMP, (v - lo) / span);
      const o = (r * w + c) * 4;
      (rgba[o] = R), (rgba[o + 1] = G), (rgba[o + 2] = B), (rgba[o + 3] = 255);
    }
  }
  return { png: encodePng(w, h, rgba), w, h };
}

const fmtValue = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

/** Writes the sheet; returns the PDF's bytes. */
export async function mapSheetPdf(d: MapSheetInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(winAnsi(d.title));
  doc.setCreator('Prospect Workstation');
  doc.setProducer('Prospect Workstation (pdf-lib)');
  // A fixed date from the sheet itself, so the same project and day give the same file.
  doc.setCreationDate(new Date(`${d.date}T00:00:00Z`));
  doc.setModificationDate(new Date(`${d.date}T00:00:00Z`));
  const page = doc.addPage([PAGE.w, PAGE.h]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const text = (s: string, x: number, y: number, size = 8, f = font, color = rgb(0, 0, 0)) => page.drawText(winAnsi(s), { x, y, size, font: f, color });

  const { spec } = d;
  const extW = spec.width * spec.cellX;
  const extH = spec.height * spec.cellY;
  const ymin = spec.ymax - extH;
  // The frame keeps the map's aspect ratio: metres per point the same both ways.
  const k = Math.min(MAP.w / extW, MAP.h / extH);
  const fw = extW * k;
  const fh = extH * k;
  const fx = MAP.x;
  const fy = MAP.y + (MAP.h - fh);
  const px = (x: number) => fx + (x - spec.xmin) * k;
  const py = (y: number) => fy + (y - ymin) * k;

  text(d.title, MAP.x, PAGE.h - 34, 16, bold);
  text(`Target map: ${d.valueLabel}`, MAP.x, PAGE.h - 50, 9);

  // The map, stretched to its own values (2nd-98th percentile of its valid cells), as QGIS's style does.
  const [lo, hi] = percentiles(d.values, 0.02, 0.98);
  const img = mapImage(d.values, spec, lo, hi, 1200);
  const png = await doc.embedPng(img.png);
  page.drawRectangle({ x: fx, y: fy, width: fw, height: fh, color: rgb(1, 1, 1) });
  page.drawImage(png, { x: fx, y: fy, width: fw, height: fh });

  // Samples as small grey dots, one path (thousands of them keep the file small).
  const n = d.samples.x.length;
  const step = Math.max(1, Math.floor(n / 20000));
  const dots: string[] = [];
  for (let i = 0; i < n; i += step) {
    const x = px(d.samples.x[i]);
    const y = py(d.samples.y[i]);
    if (x < fx || x > fx + fw || y < fy || y > fy + fh) continue;
    dots.push(`M${(x - fx - 0.6).toFixed(1)} ${(fy + fh - y - 0.6).toFixed(1)}h1.2v1.2h-1.2z`);
  }
  // Black with a white edge: visible on the dark and the light end of the ramp.
  if (dots.length) page.drawSvgPath(dots.join(''), { x: fx, y: fy + fh, color: rgb(0.1, 0.1, 0.1), borderColor: rgb(1, 1, 1), borderWidth: 0.3, opacity: 0.85 });

  // Target areas outlined by class and numbered at their peaks (the ranks of the GPX and KML).
  const svgRing = (ring: number[][]) => 'M' + ring.map(([x, y]) => `${(px(x) - fx).toFixed(2)} ${(fy + fh - py(y)).toFixed(2)}`).join('L') + 'Z';
  const svgGeom = (g: AreaGeometry) => (g.type === 'Polygon' ? g.coordinates.map(svgRing).join('') : g.coordinates.flatMap((p) => p.map(svgRing)).join(''));
  for (const a of d.areas) page.drawSvgPath(svgGeom(a.geometry), { x: fx, y: fy + fh, borderColor: col(CLASS_RGB[a.class]), borderWidth: 1.1 });
  for (const a of d.areas.slice(0, 60)) {
    const label = String(a.fieldRank);
    const x = px(a.peak.x) + 2;
    const y = py(a.peak.y) + 2;
    page.drawRectangle({ x: x - 1, y: y - 1.5, width: bold.widthOfTextAtSize(label, 6.5) + 2, height: 7.5, color: rgb(1, 1, 1), opacity: 0.8 });
    text(label, x, y, 6.5, bold, col(CLASS_RGB[a.class]));
  }
  // Deposits as black-outlined yellow triangles.
  for (const dep of d.deposits) {
    const x = px(dep.x);
    const y = py(dep.y);
    if (x < fx || x > fx + fw || y < fy || y > fy + fh) continue;
    page.drawSvgPath('M0 -3.2L2.8 1.6L-2.8 1.6Z', { x, y, color: rgb(1, 0.84, 0), borderColor: rgb(0, 0, 0), borderWidth: 0.5 });
  }
  page.drawRectangle({ x: fx, y: fy, width: fw, height: fh, borderColor: rgb(0, 0, 0), borderWidth: 0.8 });

  // Coordinate ticks in the map's CRS on all four sides, labelled bottom and left.
  const tick = niceStep(Math.max(extW, extH) / 4);
  for (let x = Math.ceil(spec.xmin / tick) * tick; x <= spec.xmin + extW; x += tick) {
    page.drawLine({ start: { x: px(x), y: fy }, end: { x: px(x), y: fy - 4 }, thickness: 0.6 });
    page.drawLine({ start: { x: px(x), y: fy + fh }, end: { x: px(x), y: fy + fh + 4 }, thickness: 0.6 });
    const s = String(Math.round(x));
    text(s, px(x) - font.widthOfTextAtSize(s, 6.5) / 2, fy - 12, 6.5);
  }
  for (let y = Math.ceil(ymin / tick) * tick; y <= spec.ymax; y += tick) {
    page.drawLine({ start: { x: fx, y: py(y) }, end: { x: fx - 4, y: py(y) }, thickness: 0.6 });
    page.drawLine({ start: { x: fx + fw, y: py(y) }, end: { x: fx + fw + 4, y: py(y) }, thickness: 0.6 });
    page.drawText(winAnsi(String(Math.round(y))), { x: fx - 7, y: py(y) - font.widthOfTextAtSize(String(Math.round(y)), 6.5) / 2, size: 6.5, font, rotate: degrees(90) });
  }
  text(`Easting / northing (m), ${spec.crs}; ticks every ${tick} m`, fx, fy - 24, 7);

  // The panel: north arrow, legend, scale, CRS, verdict, notes, date.
  let y = PAGE.h - 40;
  const nx = PANEL_X + 200;
  page.drawSvgPath('M0 -16L7 8L0 3L-7 8Z', { x: nx, y: y - 6, color: rgb(0, 0, 0) });
  text('N', nx - 3.5, y - 30, 10, bold);
  text('grid north', nx - 18, y - 40, 6.5);

  text('Legend', PANEL_X, y, 10, bold);
  y -= 16;
  text(d.valueLabel, PANEL_X, y, 7.5);
  y -= 14;
  const barW = 150;
  for (let i = 0; i < 60; i++) page.drawRectangle({ x: PANEL_X + (i * barW) / 60, y, width: barW / 60 + 0.3, height: 9, color: col(rampAt(PROBABILITY_RAMP, i / 59)) });
  page.drawRectangle({ x: PANEL_X, y, width: barW, height: 9, borderColor: rgb(0, 0, 0), borderWidth: 0.4 });
  y -= 10;
  text(`${fmtValue(lo)} (low)`, PANEL_X, y, 7);
  const hiText = `${fmtValue(hi)} (high)`;
  text(hiText, PANEL_X + barW - font.widthOfTextAtSize(hiText, 7), y, 7);
  y -= 10;
  for (const l of wrap("Stretched to this map's own values: 2nd to 98th percentile of its valid cells.", font, 6.5, 215)) (text(l, PANEL_X, y, 6.5), (y -= 8));
  y -= 6;
  for (const c of ['greenfield', 'extension', 'known'] as const) {
    page.drawRectangle({ x: PANEL_X, y: y - 1, width: 14, height: 8, borderColor: col(CLASS_RGB[c]), borderWidth: 1.2 });
    text(`${c} target area (number = rank)`, PANEL_X + 20, y, 7.5);
    y -= 12;
  }
  page.drawSvgPath('M0 -3.2L2.8 1.6L-2.8 1.6Z', { x: PANEL_X + 7, y: y + 3, color: rgb(1, 0.84, 0), borderColor: rgb(0, 0, 0), borderWidth: 0.5 });
  text(`known deposit (${d.deposits.length})`, PANEL_X + 20, y, 7.5);
  y -= 12;
  page.drawRectangle({ x: PANEL_X + 6, y: y + 1.5, width: 1.6, height: 1.6, color: rgb(0.1, 0.1, 0.1), borderColor: rgb(1, 1, 1), borderWidth: 0.3 });
  text(`sample (${n})`, PANEL_X + 20, y, 7.5);
  y -= 22;

  // Scale bar: a round length near a quarter of the panel, in km or m.
  const metres = niceStep(190 / k);
  const barPts = metres * k;
  text('Scale', PANEL_X, y + 10, 8, bold);
  for (let i = 0; i < 4; i++) page.drawRectangle({ x: PANEL_X + (i * barPts) / 4, y, width: barPts / 4, height: 4, color: i % 2 ? rgb(1, 1, 1) : rgb(0, 0, 0), borderColor: rgb(0, 0, 0), borderWidth: 0.4 });
  const unit = metres >= 1000 ? (v: number) => `${+(v / 1000).toPrecision(3)} km` : (v: number) => `${+v.toPrecision(3)} m`;
  text('0', PANEL_X - 2, y - 9, 7);
  const endText = unit(metres);
  text(endText, PANEL_X + barPts - font.widthOfTextAtSize(endText, 7) / 2, y - 9, 7);
  const scaleDen = Math.round(1 / (k * (0.0254 / 72)));
  y -= 20;
  text(`Scale 1:${scaleDen.toLocaleString('en-US')} when printed on A4 at 100%`, PANEL_X, y, 7);
  y -= 18;

  text('Coordinate reference system', PANEL_X, y, 8, bold);
  y -= 11;
  text(`CRS: ${d.spec.crs}`, PANEL_X, y, 7.5);
  y -= 10;
  if (d.centreLonLat) {
    const [lon, lat] = d.centreLonLat;
    text(`Centre: ${Math.abs(lat).toFixed(4)} ${lat < 0 ? 'S' : 'N'}, ${Math.abs(lon).toFixed(4)} ${lon < 0 ? 'W' : 'E'} (WGS84)`, PANEL_X, y, 7.5);
    y -= 10;
  }
  y -= 8;

  // The verdict in a box coloured by what it allows.
  const vLines = [...wrap(`${d.verdict.trust.toUpperCase()}: ${TRUST_ADVICE[d.verdict.trust]}.`, bold, 7.5, 206), ...wrap(d.verdict.sentence, font, 7, 206)];
  const boxH = 20 + vLines.length * 9;
  page.drawRectangle({ x: PANEL_X - 4, y: y - boxH + 10, width: 222, height: boxH, borderColor: col(TRUST_RGB[d.verdict.trust]), borderWidth: 1.4 });
  text('Verdict (held out, on the map)', PANEL_X, y, 8, bold, col(TRUST_RGB[d.verdict.trust]));
  y -= 11;
  vLines.forEach((l, i) => text(l, PANEL_X, y - i * 9, i < vLines.length - wrap(d.verdict.sentence, font, 7, 206).length ? 7.5 : 7, i < vLines.length - wrap(d.verdict.sentence, font, 7, 206).length ? bold : font));
  y -= vLines.length * 9 + 12;
  for (const l of wrap(d.areasNote, font, 6.5, 215)) (text(l, PANEL_X, y, 6.5), (y -= 8));

  text(`Date: ${d.date}`, PANEL_X, 40, 8, bold);
  text('Prospect Workstation', PANEL_X, 28, 7);
  drawPageFrame(page);
  return doc.save({ useObjectStreams: false });
}

function drawPageFrame(page: PDFPage): void {
  page.drawRectangle({ x: 14, y: 14, width: PAGE.w - 28, height: PAGE.h - 28, borderColor: rgb(0.5, 0.5, 0.5), borderWidth: 0.5 });
}
