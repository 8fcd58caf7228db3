// Deposits that sit too close to be held out apart: single-linkage clusters, so a whole district goes to one fold.

/**
 * Cluster index (0, 1, ... in order of first member) of every point; two points closer than `distance` along both
 * axes (Chebyshev distance, since windows are squares) share a cluster, and so, transitively, do their neighbours.
 */
export function clusterPoints(points: { row: number; col: number }[], distance: number): number[] {
  const n = points.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const d = Math.max(Math.abs(points[a].row - points[b].row), Math.abs(points[a].col - points[b].col));
      if (d < distance) {
        const ra = find(a), rb = find(b);
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  }
  const index = new Map<number, number>();
  return points.map((_, i) => {
    const r = find(i);
    if (!index.has(r)) index.set(r, index.size);
    return index.get(r)!;
  });
}

/** Number of clusters of the points at `distance` (see clusterPoints). */
export function countClusters(points: { row: number; col: number }[], distance: number): number {
  return new Set(clusterPoints(points, distance)).size;
}
