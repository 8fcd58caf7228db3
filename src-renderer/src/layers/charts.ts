// Pure helpers for the SVG charts.

/** [min, max] of finite values, widened when flat so a constant series still draws. */
export function niceExtent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/** An SVG path through the points, scaled from the data domains into the pixel box (y grows upward). */
export function linePath(
  points: [number, number][],
  xd: [number, number],
  yd: [number, number],
  box: { x0: number; x1: number; y0: number; y1: number },
): string {
  const sx = (v: number): number => box.x0 + ((v - xd[0]) / (xd[1] - xd[0] || 1)) * (box.x1 - box.x0);
  const sy = (v: number): number => box.y0 + ((v - yd[0]) / (yd[1] - yd[0] || 1)) * (box.y1 - box.y0);
  let d = '';
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    d += `${d ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
  }
  return d;
}

/** Seconds as "1 h 02 min", "3 min 05 s" or "12 s". */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '–';
  const sec = Math.round(s);
  if (sec >= 3600) return `${Math.floor(sec / 3600)} h ${String(Math.floor((sec % 3600) / 60)).padStart(2, '0')} min`;
  if (sec >= 60) return `${Math.floor(sec / 60)} min ${String(sec % 60).padStart(2, '0')} s`;
  return `${sec} s`;
}

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function probit(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

function normalCdf(z: number): number {
  // Abramowitz-Stegun 7.1.26 through erf: enough for drawing.
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/**
 * The ROC curve with the given AUC under the binormal equal-variance model: TPR = Phi(d' + Phi^-1(FPR)),
 * d' = sqrt(2) Phi^-1(AUC). Its area is the AUC exactly (up to the sampling of FPR).
 */
export function binormalRoc(auc: number, n = 41): [number, number][] {
  const dPrime = Math.SQRT2 * probit(Math.min(0.9999, Math.max(0.0001, auc)));
  const out: [number, number][] = [[0, 0]];
  for (let i = 1; i < n - 1; i++) {
    const fpr = i / (n - 1);
    out.push([fpr, normalCdf(dPrime + probit(fpr))]);
  }
  out.push([1, 1]);
  return out;
}
