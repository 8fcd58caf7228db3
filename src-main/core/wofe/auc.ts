// AUC of a map against training points, as GA's CalculateAUC.R gets it from modEvA::AUC: each point's cell value is
// a presence (a cell holding two points counts twice), every valid cell holding no point an absence, and ties count
// half (the Mann-Whitney statistic with mid-ranks).

export interface MapAuc {
  auc: number;
  presences: number;
  absences: number;
}

export function mapAuc(score: ArrayLike<number>, pointCells: ArrayLike<number>): MapAuc {
  const hasPoint = new Uint8Array(score.length);
  const pos: number[] = [];
  for (let k = 0; k < pointCells.length; k++) {
    const c = pointCells[k];
    if (c < 0 || c >= score.length) continue;
    const v = score[c];
    if (v !== v) continue;
    hasPoint[c] = 1;
    pos.push(v);
  }
  let nNeg = 0;
  for (let i = 0; i < score.length; i++) if (!hasPoint[i] && score[i] === score[i]) nNeg++;
  const neg = new Float64Array(nNeg);
  let j = 0;
  for (let i = 0; i < score.length; i++) if (!hasPoint[i] && score[i] === score[i]) neg[j++] = score[i];
  neg.sort();
  // For each presence: absences below it, and half of those tied with it.
  const lowerBound = (v: number, strict: boolean) => {
    let lo = 0;
    let hi = nNeg;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (strict ? neg[mid] < v : neg[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let wins = 0;
  for (const v of pos) {
    const below = lowerBound(v, true);
    const upTo = lowerBound(v, false);
    wins += below + (upTo - below) / 2;
  }
  return { auc: pos.length && nNeg ? wins / (pos.length * nNeg) : NaN, presences: pos.length, absences: nNeg };
}
