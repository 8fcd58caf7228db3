// Axis layout for the distribution plots: decade ticks on a log10 ppm axis, and the fixed percentages a geochemist's
// probability paper is ruled at. Layout only; every plotted number comes from the core.

/** The standard normal quantiles of the probability axis' labelled percentages (probit(p / 100)). */
export const PROBABILITY_TICKS: { percent: number; z: number }[] = [
  { percent: 1, z: -2.3263478740408408 },
  { percent: 5, z: -1.6448536269514729 },
  { percent: 10, z: -1.2815515655446004 },
  { percent: 25, z: -0.6744897501960817 },
  { percent: 50, z: 0 },
  { percent: 75, z: 0.6744897501960817 },
  { percent: 90, z: 1.2815515655446004 },
  { percent: 95, z: 1.6448536269514729 },
  { percent: 99, z: 2.3263478740408408 },
];

/** A ppm value as people write it: 0.0001, 0.5, 20, 1000 (no exponent notation down to 1e-6). */
export function formatPpm(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-6) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

/** Ticks over a log10 domain: every decade inside it, and 2 and 5 times each decade when fewer than three decades show. */
export function log10Ticks(lo: number, hi: number): { at: number; label: string; major: boolean }[] {
  const out: { at: number; label: string; major: boolean }[] = [];
  const fine = Math.floor(hi) - Math.ceil(lo) < 2;
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) {
    for (const m of fine ? [1, 2, 5] : [1]) {
      const at = k + Math.log10(m);
      if (at >= lo - 1e-9 && at <= hi + 1e-9) out.push({ at, label: formatPpm(m * 10 ** k), major: m === 1 });
    }
  }
  return out;
}

/** Round steps (1, 2, 5 x 10^n) for a count axis from 0 to the first step at or above max, about `target` of them. */
export function countTicks(max: number, target = 4): number[] {
  if (!(max > 0)) return [0];
  const raw = max / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; out[out.length - 1] === undefined || out[out.length - 1]! < max; v += step) out.push(Math.round(v));
  return out;
}

/** A linear map from a domain onto pixels. */
export function scale(d: [number, number], r: [number, number]): (v: number) => number {
  const k = (r[1] - r[0]) / (d[1] - d[0] || 1);
  return (v) => r[0] + (v - d[0]) * k;
}

/**
 * One SVG path of small circles at the given pixel points, leaving out a point that falls within half a pixel of the
 * previous one drawn (thousands of samples stay one light element; nothing visible is lost).
 */
export function circlesPath(px: ArrayLike<number>, py: ArrayLike<number>, r: number): { d: string; drawn: number } {
  let d = '';
  let lx = NaN, ly = NaN, drawn = 0;
  for (let i = 0; i < px.length; i++) {
    const x = px[i]!, y = py[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (Math.abs(x - lx) < 0.5 && Math.abs(y - ly) < 0.5) continue;
    d += `M${(x - r).toFixed(1)},${y.toFixed(1)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
    lx = x;
    ly = y;
    drawn++;
  }
  return { d, drawn };
}
