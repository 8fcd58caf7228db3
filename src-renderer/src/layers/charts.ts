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


