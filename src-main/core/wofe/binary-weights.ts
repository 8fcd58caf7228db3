// The weights of one binary pattern B against the training points D (Bonham-Carter 1994, ch. 9), in unit cells, with
// the guards Geoscience Australia's CalculateWeights.R (after ArcSDM) applies so degenerate classes still get numbers.

export interface BinaryWeights {
  wPlus: number;
  sWPlus: number;
  wMinus: number;
  sWMinus: number;
  contrast: number;
  sContrast: number;
  studC: number;
}

export const ZERO_WEIGHTS: Readonly<BinaryWeights> = Object.freeze({
  wPlus: 0, sWPlus: 0, wMinus: 0, sWMinus: 0, contrast: 0, sContrast: 0, studC: 0,
});

/**
 * b: area of B, s: study area (both in unit cells); db: points in B, ds: all points.
 * W+ = ln(P(B|D) / P(B|~D)), W- = ln(P(~B|D) / P(~B|~D)), s^2(W+) = 1/db + 1/(b-db), s^2(W-) = 1/(ds-db) + 1/(s-b-ds+db).
 */
export function binaryWeights(b: number, db: number, s: number, ds: number): BinaryWeights {
  // No point in B: the log of zero. GA (and ArcSDM) report zeros, so the class adds nothing to a posterior.
  if (db === 0) return { ...ZERO_WEIGHTS };
  // Every point in B (the last rows of a cumulative table): W- would be ln 0; take 0.99 of a point out of B.
  if (db === ds) db -= 0.99;
  // B covers the study area but for less than the points outside it need: shrink B so ~B keeps 0.99 of a cell free.
  if (s - b <= ds - db) b = s + db - ds - 0.99;
  // More points than unit cells in B (a class smaller than its points' count): give B one cell free of points.
  if (b - db <= 0) b = db + 1;
  const wPlus = Math.log((db / ds) / ((b - db) / (s - ds)));
  const vPlus = 1 / db + 1 / (b - db);
  const wMinus = Math.log(((ds - db) / ds) / ((s - b - ds + db) / (s - ds)));
  const vMinus = 1 / (ds - db) + 1 / (s - b - ds + db);
  const contrast = wPlus - wMinus;
  const sContrast = Math.sqrt(vPlus + vMinus);
  return {
    wPlus, sWPlus: Math.sqrt(vPlus), wMinus, sWMinus: Math.sqrt(vMinus), contrast, sContrast, studC: contrast / sContrast,
  };
}
