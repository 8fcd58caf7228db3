// Inline SVG charts for the report: plain strings, no script, no external reference.

export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface Series {
  name: string;
  points: [number, number][];
  color: string;
  dashed?: boolean;
  /** Draw as a step function (ROC, capture curves) instead of straight segments. */
  step?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xRange?: [number, number];
  yRange?: [number, number];
  /** Draw the y = x line (chance for ROC and success-rate curves). */
  diagonal?: boolean;
  width?: number;
  height?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#7f7f7f'];
export const color = (i: number): string => PALETTE[i % PALETTE.length];

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(1).replace(/\.0$/, '') : v.toFixed(2);
}

/** A line chart with axes, ticks, a legend and optional chance diagonal. */
export function lineChart(o: ChartOptions): string {
  const W = o.width ?? 360;
  const H = o.height ?? 260;
  const m = { l: 48, r: 12, t: 24, b: 40 };
  const all = o.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const [x0, x1] = o.xRange ?? [Math.min(0, ...all.map((p) => p[0])), Math.max(1e-9, ...all.map((p) => p[0]))];
  const [y0, y1] = o.yRange ?? [Math.min(0, ...all.map((p) => p[1])), Math.max(1e-9, ...all.map((p) => p[1]))];
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0 || 1)) * (W - m.l - m.r);
  const sy = (y: number) => H - m.b - ((y - y0) / (y1 - y0 || 1)) * (H - m.t - m.b);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(o.title)}">`);
  parts.push(`<text x="${W / 2}" y="15" text-anchor="middle" font-size="12" font-weight="bold">${esc(o.title)}</text>`);
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#999"/>`);
  for (let k = 0; k <= 4; k++) {
    const xv = x0 + ((x1 - x0) * k) / 4;
    const yv = y0 + ((y1 - y0) * k) / 4;
    parts.push(`<text x="${sx(xv)}" y="${H - m.b + 13}" text-anchor="middle" font-size="9">${fmt(xv)}</text>`);
    parts.push(`<text x="${m.l - 4}" y="${sy(yv) + 3}" text-anchor="end" font-size="9">${fmt(yv)}</text>`);
  }
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 8}" text-anchor="middle" font-size="10">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(11 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle" font-size="10">${esc(o.yLabel)}</text>`);
  if (o.diagonal) parts.push(`<line x1="${sx(x0)}" y1="${sy(y0)}" x2="${sx(x1)}" y2="${sy(y1)}" stroke="#bbb" stroke-dasharray="3 3"/>`);
  o.series.forEach((s, i) => {
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (pts.length === 0) return;
    let d = `M${sx(pts[0][0]).toFixed(1)},${sy(pts[0][1]).toFixed(1)}`;
    for (let k = 1; k < pts.length; k++) {
      if (s.step) d += `H${sx(pts[k][0]).toFixed(1)}`;
      d += `L${sx(pts[k][0]).toFixed(1)},${sy(pts[k][1]).toFixed(1)}`;
    }
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    parts.push(`<rect x="${m.l + 6}" y="${m.t + 6 + i * 13}" width="10" height="3" fill="${s.color}"/><text x="${m.l + 20}" y="${m.t + 10 + i * 13}" font-size="9">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** The capture curve of a rate curve (share of area against share of deposits), starting at the origin. */
export function capturePoints(areaShare: number[], depositShare: number[]): [number, number][] {
  return [[0, 0], ...areaShare.map((a, i) => [a, depositShare[i]] as [number, number]), [1, depositShare[depositShare.length - 1] ?? 0]];
}
