// Per-element AUC / ZAUC against known deposits: which elements carry the ore signal (Gao et al. 2022 keep ZAUC > 2.58;
// the default here applies that threshold to the null test, see DEFAULT_SELECTION).
import { ProspectError, type GridStack } from '../types';
import { aucMannWhitney, maxNullZ, statsFromAuc, twoSidedP, type AucStats } from './auc';
import { alphaOfThreshold, DEFAULT_MIN_DEPOSITS, holmAdjust, permutationP } from './significance';
import type { DepositCell } from '../dataset/cells';

export type SelectionCriterion = 'zauc' | 'zauc-null' | 'permutation';

export interface ElementSelectionRow extends AucStats {
  element: string;
  /** Whether the element passes the criterion (and Holm, when asked) in the requested direction. */
  selected: boolean;
  /** AUC >= 0.5: deposits sit on high values; AUC < 0.5: on low values (shown, selected only if two-sided). */
  direction: 'enrichment' | 'depletion';
  /** The test that decided `selected`. */
  criterion?: SelectionCriterion;
  /** Two-sided permutation p-value (criterion 'permutation' only). */
  pPermutation?: number;
  /** Holm-adjusted p of the criterion's test over all elements (holm only). */
  pHolm?: number;
  /** Set when selection ran below the minimum number of deposit cells because the caller allowed it. */
  warning?: string;
  /**
   * Whether the AUC is carried by a survey-campaign boundary: the AUC within the campaigns that hold deposits against
   * the AUC across all (selection/campaign-auc.ts). Absent when the grids do not come from samples with campaigns.
   */
  campaignDriven?: { driven: boolean; aucWithin: number | null; reason: string };
  /** Why the element is never selected (the user's exclusion); absent when it may be. */
  excluded?: string;
}

export interface SelectOptions {
  /** z threshold; 2.58 is the paper's (two-sided 1%). 'permutation' and Holm use its level, 2 (1 - Phi(threshold)). */
  threshold?: number;
  /** Also select depleted elements whose statistic is below -threshold. */
  twoSided?: boolean;
  /**
   * 'zauc': the paper's ZAUC, SE at the observed AUC (lenient with few deposits: one deposit at AUC 0.95 passes).
   * 'zauc-null' (default): the Mann-Whitney test, SE under AUC = 0.5. 'permutation': a seeded permutation test.
   */
  criterion?: SelectionCriterion;
  /** Holm's correction over the elements (default false: the paper's per-element threshold). */
  holm?: boolean;
  /** Refuse below this many distinct deposit cells (default DEFAULT_MIN_DEPOSITS = 5; see significance.ts). */
  minDeposits?: number;
  /** Select anyway below minDeposits; each row then carries a warning. */
  allowFewDeposits?: boolean;
  /** Permutation test draws and seed (criterion 'permutation'). */
  permutations?: number;
  seed?: number;
}

/** The documented default selection settings: the paper's threshold with the null test behind it. */
export const DEFAULT_SELECTION: Required<Pick<SelectOptions, 'threshold' | 'twoSided' | 'criterion' | 'holm' | 'minDeposits'>> = {
  threshold: 2.58,
  twoSided: false,
  criterion: 'zauc-null',
  holm: false,
  minDeposits: DEFAULT_MIN_DEPOSITS,
};

/** Splits a band into values at deposit cells and every other valid cell (duplicate deposit cells count once). */
export function splitByDeposits(
  band: Float32Array,
  width: number,
  height: number,
  depositCells: DepositCell[],
): { pos: Float64Array; neg: Float64Array } {
  const isPos = depositMask(width, height, depositCells);
  let nPos = 0;
  let nNeg = 0;
  for (let i = 0; i < band.length; i++) {
    if (Number.isNaN(band[i])) continue;
    if (isPos[i]) nPos++;
    else nNeg++;
  }
  // Typed arrays sized up front: a 3072 x 3072 band has 9.4M background cells.
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  let p = 0;
  let q = 0;
  for (let i = 0; i < band.length; i++) {
    const v = band[i];
    if (Number.isNaN(v)) continue;
    if (isPos[i]) pos[p++] = v;
    else neg[q++] = v;
  }
  return { pos, neg };
}

function depositMask(width: number, height: number, depositCells: DepositCell[]): Uint8Array {
  const isPos = new Uint8Array(width * height);
  for (const d of depositCells) {
    if (d.row < 0 || d.col < 0 || d.row >= height || d.col >= width) {
      throw new ProspectError(
        `Deposit ${d.id ?? ''} at row ${d.row}, column ${d.col} lies outside the ${width} x ${height} grid. Check the deposit coordinates and the grid extent.`,
        'DEPOSIT_OUTSIDE',
        { row: d.row, column: String(d.col) },
      );
    }
    isPos[d.row * width + d.col] = 1;
  }
  return isPos;
}

function statisticOf(row: AucStats, criterion: SelectionCriterion): number {
  return criterion === 'zauc' ? row.zauc : row.zaucNull;
}

function checkOptions(o: Required<Pick<SelectOptions, 'threshold' | 'minDeposits'>> & { permutations: number }): void {
  if (!(o.threshold > 0)) throw new ProspectError(`The selection threshold must be a positive z value, got ${o.threshold}.`, 'BAD_OPTION', { column: 'threshold' });
  if (!(o.minDeposits >= 0)) throw new ProspectError(`minDeposits must be 0 or more, got ${o.minDeposits}.`, 'BAD_OPTION', { column: 'minDeposits' });
  if (!(o.permutations >= 1)) throw new ProspectError(`permutations must be 1 or more, got ${o.permutations}.`, 'BAD_OPTION', { column: 'permutations' });
}

/**
 * One row per element: positives are the deposit cells, background every other valid cell. Nothing is dropped:
 * elements with AUC < 0.5 are reported as depletion. Deposit cells that are nodata in a band count in neither set.
 * Refuses (TOO_FEW_DEPOSITS) below minDeposits distinct deposit cells unless allowFewDeposits is set.
 */
export function selectElements(stack: GridStack, depositCells: DepositCell[], options: SelectOptions = {}): ElementSelectionRow[] {
  const o = { ...DEFAULT_SELECTION, permutations: 9999, seed: 1, allowFewDeposits: false, ...stripUndefined(options) };
  checkOptions(o);
  if (depositCells.length === 0) {
    throw new ProspectError('Element selection needs at least one known deposit on the grid.', 'NO_DEPOSITS');
  }
  const { width, height } = stack.spec;
  const nCells = depositMask(width, height, depositCells).reduce((s, v) => s + v, 0);
  let warning: string | undefined;
  if (nCells < o.minDeposits) {
    const z = maxNullZ(nCells, width * height - nCells);
    const why =
      `${nCells} distinct deposit cell${nCells === 1 ? '' : 's'} on the grid, fewer than the ${o.minDeposits} selection needs: ` +
      `with ${nCells} the best possible element (AUC 1) reaches a null z of only ${z.toFixed(2)} (p ${twoSidedP(z).toPrecision(2)}), ` +
      `so any element that passes does so by the lenience of the test, not by evidence.`;
    if (!o.allowFewDeposits) {
      throw new ProspectError(`${why} Add known deposits, or allow selection with few deposits (then name the elements yourself).`, 'TOO_FEW_DEPOSITS', {
        deposits: nCells,
        minDeposits: o.minDeposits,
      });
    }
    warning = why;
  }
  const rows: ElementSelectionRow[] = stack.elements.map((element, k) => {
    const { pos, neg } = splitByDeposits(stack.bands[k], width, height, depositCells);
    const auc = aucMannWhitney(pos, neg);
    const st = statsFromAuc(auc, pos.length, neg.length);
    const direction = auc < 0.5 ? 'depletion' : 'enrichment';
    const row: ElementSelectionRow = { element, ...st, selected: false, direction, criterion: o.criterion };
    if (o.criterion === 'permutation') {
      // One seed per element, so an element's p does not depend on which elements come before it.
      row.pPermutation = permutationP(pos, neg, { permutations: o.permutations, seed: o.seed + 7919 * k }).p;
    }
    if (warning) row.warning = warning;
    return row;
  });
  const pOf = (r: ElementSelectionRow): number => (o.criterion === 'permutation' ? r.pPermutation! : o.criterion === 'zauc' ? r.p : r.pNull);
  const alpha = alphaOfThreshold(o.threshold);
  const holm = o.holm ? holmAdjust(rows.map(pOf)) : null;
  rows.forEach((r, k) => {
    const wanted = r.direction === 'enrichment' || o.twoSided;
    if (holm) {
      r.pHolm = holm[k];
      r.selected = wanted && holm[k] <= alpha;
    } else if (o.criterion === 'permutation') {
      r.selected = wanted && r.pPermutation! <= alpha;
    } else {
      const z = statisticOf(r, o.criterion);
      r.selected = z > o.threshold || (o.twoSided && z < -o.threshold);
    }
  });
  return rows;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface SvmAucResult {
  /** AUC of the fitted SVM's decision values w x + b. */
  auc: number;
  /** Weight and bias in the element's own units. */
  w: number;
  b: number;
  /** Primal objective at the solution (on standardised values). */
  objective: number;
}

/**
 * For a fixed weight, the best bias of a weighted hinge loss and the loss there. The loss is convex and piecewise
 * linear in b with a kink at each point, so its minimum sits at the kink where the slope changes sign.
 */
function bestBias(zP: Float64Array, zN: Float64Array, cP: number, cN: number, w: number): { b: number; loss: number } {
  // Kinks: a positive stops costing above b = 1 - w z, a negative starts costing above b = -1 - w z.
  const tP = Float64Array.from(zP, (v) => 1 - w * v).sort();
  const tN = Float64Array.from(zN, (v) => -1 - w * v).sort();
  let slope = -cP * tP.length;
  let i = 0;
  let j = 0;
  let b = Math.min(tP[0], tN[0]);
  while (i < tP.length || j < tN.length) {
    if (j >= tN.length || (i < tP.length && tP[i] <= tN[j])) {
      b = tP[i++];
      slope += cP;
    } else {
      b = tN[j++];
      slope += cN;
    }
    if (slope >= 0) break;
  }
  let loss = 0;
  for (const v of zP) loss += cP * Math.max(0, 1 - (w * v + b));
  for (const v of zN) loss += cN * Math.max(0, 1 + (w * v + b));
  return { b, loss };
}

/**
 * The paper's "SVM-based AUC": a one-feature linear SVM (hinge loss, C = 1, class-balanced weights so ten
 * deposits are not swamped by thousands of background cells, bias not penalised), then the AUC of its decision
 * values. Fitted exactly and deterministically: the bias is solved in closed form for each weight, and the weight
 * by golden-section search on that convex profile. With one feature the decision is monotone in the value, so the
 * result equals the direct AUC when w > 0 and 1 - AUC when w < 0; hinge loss follows margins, not ranks, so w can
 * point against the AUC on skewed data, which is why the direct AUC is the one selection uses.
 */
export function svmAuc(pos: ArrayLike<number>, neg: ArrayLike<number>, { C = 1, iterations = 80 } = {}): SvmAucResult {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < pos.length; i++) if (!Number.isNaN(pos[i])) (xs.push(pos[i]), ys.push(1));
  for (let i = 0; i < neg.length; i++) if (!Number.isNaN(neg[i])) (xs.push(neg[i]), ys.push(-1));
  const n = xs.length;
  const nP = ys.filter((v) => v === 1).length;
  const nN = n - nP;
  if (nP === 0 || nN === 0) return { auc: NaN, w: 0, b: 0, objective: NaN };
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= n;
  let sd = 0;
  for (const x of xs) sd += (x - mean) ** 2;
  sd = Math.sqrt(sd / n) || 1;
  const z = Float64Array.from(xs, (x) => (x - mean) / sd);
  const zP = z.slice(0, nP);
  const zN = z.slice(nP);
  const cP = (C * n) / (2 * nP);
  const cN = (C * n) / (2 * nN);
  const f = (w: number): number => 0.5 * w * w + bestBias(zP, zN, cP, cN, w).loss;
  // |w*| <= sqrt(2 f(0)) and f(0) <= sum(c) (b = 0 gives each point a hinge of 1).
  let lo = -Math.sqrt(2 * n * C);
  let hi = -lo;
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let bb = lo + g * (hi - lo);
  let fa = f(a);
  let fb = f(bb);
  for (let it = 0; it < iterations; it++) {
    if (fa < fb) {
      hi = bb;
      bb = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = bb;
      fa = fb;
      bb = lo + g * (hi - lo);
      fb = f(bb);
    }
  }
  const w = (lo + hi) / 2;
  const { b, loss } = bestBias(zP, zN, cP, cN, w);
  const dp = Float64Array.from(zP, (v) => w * v + b);
  const dn = Float64Array.from(zN, (v) => w * v + b);
  return { auc: aucMannWhitney(dp, dn), w: w / sd, b: b - (w * mean) / sd, objective: 0.5 * w * w + loss };
}
