// Is a layer where its georeference says it is? Compares its grid with the study grid (CRS, cell size, lattice offset,
// coverage) and, given deposits, their values in the layer at its georeferenced place against one cell shifted each
// way, and against reading it by array index: a label or geology raster exported with a wrong origin (xinjiang's is one
// cell off by index and 67.6 x 87 km off by georeference) must be reported, not silently used.
import type { GridSpec } from '../types';
import { makeTransformer } from '../util/crs';
import { centreLattice, sourceCellInTargetUnits, STRIP_ROWS } from './pixel-map';
import type { RasterLayer } from './types';

/** The deposits' values at one placement of the layer. */
export interface Placement {
  /** 'georef': the layer's georeference moved by (dRow, dCol) of its cells; 'index': study(r, c) = layer(r + dRow, c + dCol). */
  by: 'georef' | 'index';
  dRow: number;
  dCol: number;
  /** Deposits on valid layer cells. */
  onLayer: number;
  /** Deposits' values against every valid layer cell (mid-ranks): 0.5 when the layer says nothing about them. */
  auc: number;
  /**
   * How far the deposits' values stand from the layer's, 0 to 1: |2 AUC - 1| for a continuous layer; for classes (whose
   * codes have no order) the total variation distance between the deposits' share per class and the area's.
   */
  separation: number;
}

export interface AlignmentReport {
  aligned: boolean;
  sameCrs: boolean;
  /** Layer cell / study cell, sides measured in the study CRS. */
  cellRatio: number;
  /** Layer origin minus study origin in study cells (x right, y down); same CRS only. */
  originOffsetCells: [number, number] | null;
  /** Same CRS and cell size, origin a whole number of cells away: the layer's cells are the study's cells. */
  onLattice: boolean;
  /** Share of study cell centres on a valid layer cell. */
  coverage: number;
  deposits: { total: number; asPlaced: Placement; best: Placement; tried: Placement[] } | null;
  /** Everything worth telling the user, the misalignment first. */
  warnings: string[];
}

export interface AlignmentOptions {
  /** Deposit coordinates in the study grid's CRS. */
  deposits?: { x: ArrayLike<number>; y: ArrayLike<number> };
  /** Separation gain over the layer as placed that a shifted placement needs to be called the true one (default 0.2). */
  minGain?: number;
  /** Fewest deposits on the layer for the deposit check (default 5). */
  minDeposits?: number;
  /** The layer holds class codes: compare class shares, not ranks. */
  categorical?: boolean;
}

/** Total variation distance between the deposits' class shares and the area's. */
function classSeparation(areaShare: Map<number, number>, values: number[]): number {
  if (values.length === 0) return 0;
  const dep = new Map<number, number>();
  for (const v of values) dep.set(v, (dep.get(v) ?? 0) + 1 / values.length);
  let tv = 0;
  for (const [k, a] of areaShare) tv += Math.abs((dep.get(k) ?? 0) - a);
  return tv / 2;
}

/** AUC of the deposits' values against all valid values, by mid-ranks in the sorted background. */
function aucOf(sorted: Float64Array, values: number[]): number {
  if (values.length === 0 || sorted.length === 0) return NaN;
  const lower = (v: number, strict: boolean) => {
    let lo = 0, hi = sorted.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (strict ? sorted[m] < v : sorted[m] <= v) lo = m + 1; else hi = m; }
    return lo;
  };
  let s = 0;
  for (const v of values) s += (lower(v, true) + lower(v, false)) / 2 / sorted.length;
  return s / values.length;
}

const strength = (p: Placement) => p.separation;
const fmt = (v: number) => +v.toFixed(3);

export function checkAlignment(layer: RasterLayer, study: GridSpec, opts: AlignmentOptions = {}): AlignmentReport {
  const { spec } = layer;
  const warnings: string[] = [];
  const sameCrs = spec.crs === study.crs;
  const studyCell = Math.sqrt(study.cellX * study.cellY);
  const cellRatio = sourceCellInTargetUnits(study, spec) / studyCell;
  const sameCell = sameCrs && Math.abs(spec.cellX - study.cellX) < 1e-6 * study.cellX && Math.abs(spec.cellY - study.cellY) < 1e-6 * study.cellY;
  const originOffsetCells: [number, number] | null = sameCrs
    ? [(spec.xmin - study.xmin) / study.cellX, (study.ymax - spec.ymax) / study.cellY] : null;
  const whole = (v: number) => Math.abs(v - Math.round(v)) < 1e-3;
  const onLattice = sameCell && originOffsetCells !== null && whole(originOffsetCells[0]) && whole(originOffsetCells[1]);

  // Coverage: study cell centres on valid layer cells.
  let covered = 0;
  for (let r0 = 0; r0 < study.height; r0 += STRIP_ROWS) {
    const { sx, sy } = centreLattice(study, spec, r0, Math.min(study.height, r0 + STRIP_ROWS));
    for (let i = 0; i < sx.length; i++) if (valueAt(layer, Math.floor(sy[i]), Math.floor(sx[i])) !== null) covered++;
  }
  const coverage = covered / (study.width * study.height);
  if (coverage < 0.5) warnings.push(`the layer covers ${(100 * coverage).toFixed(1)} % of the study grid's cells.`);
  if (sameCell && originOffsetCells && !onLattice) {
    warnings.push(`the layer has the study grid's cell size but its origin is ${fmt(originOffsetCells[0])} x ${fmt(originOffsetCells[1])} ` +
      'study cells away (not a whole number): its cells straddle the study cells and will be averaged across.');
  }

  let deposits: AlignmentReport['deposits'] = null;
  let aligned = true;
  if (opts.deposits && opts.deposits.x.length > 0) {
    const total = opts.deposits.x.length;
    const valid: number[] = [];
    for (const v of layer.values) if (!Number.isNaN(v)) valid.push(v);
    const sorted = Float64Array.from(valid).sort();
    const areaShare = new Map<number, number>();
    if (opts.categorical) for (const v of valid) areaShare.set(v, (areaShare.get(v) ?? 0) + 1 / valid.length);
    const toLayer = makeTransformer(study.crs, spec.crs)(opts.deposits.x, opts.deposits.y);
    const tried: Placement[] = [];
    const place = (by: Placement['by'], dRow: number, dCol: number, cellOf: (k: number) => [number, number]) => {
      const vals: number[] = [];
      for (let k = 0; k < total; k++) {
        const [r, c] = cellOf(k);
        const v = valueAt(layer, r + dRow, c + dCol);
        if (v !== null) vals.push(v);
      }
      const auc = aucOf(sorted, vals);
      const separation = opts.categorical ? classSeparation(areaShare, vals) : Number.isNaN(auc) ? 0 : Math.abs(2 * auc - 1);
      tried.push({ by, dRow, dCol, onLayer: vals.length, auc, separation });
    };
    const geoCell = (k: number): [number, number] =>
      [Math.floor((spec.ymax - toLayer.y[k]) / spec.cellY), Math.floor((toLayer.x[k] - spec.xmin) / spec.cellX)];
    for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) place('georef', dr, dc, geoCell);
    // Same cell size, nearly the same shape, but placed far off: it may have been meant to be read by array index.
    const nearShape = Math.abs(spec.width - study.width) <= 5 && Math.abs(spec.height - study.height) <= 5;
    if (sameCell && nearShape && originOffsetCells && Math.max(Math.abs(originOffsetCells[0]), Math.abs(originOffsetCells[1])) > 2) {
      const studyCellOf = (k: number): [number, number] => [
        Math.floor((study.ymax - Number(opts.deposits!.y[k])) / study.cellY), Math.floor((Number(opts.deposits!.x[k]) - study.xmin) / study.cellX)];
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) place('index', dr, dc, studyCellOf);
    }
    const asPlaced = tried[4];
    const minDeposits = opts.minDeposits ?? 5;
    // Ties go to the placement as georeferenced, then to plain array order: a shift is named only when it does better.
    const plain = (p: Placement) => (p === asPlaced ? 0 : p.dRow === 0 && p.dCol === 0 ? 1 : 2);
    const eligible = tried.filter((p) => p.onLayer >= minDeposits).sort((a, b) => plain(a) - plain(b));
    const best = eligible.reduce((a, b) => (strength(b) > strength(a) + 1e-9 ? b : a), eligible[0] ?? asPlaced);
    deposits = { total, asPlaced, best, tried };
    if (asPlaced.onLayer < Math.max(1, total / 2)) {
      warnings.unshift(`only ${asPlaced.onLayer} of ${total} deposits fall on valid cells of the layer as georeferenced.`);
      if (asPlaced.onLayer < minDeposits) aligned = false;
    }
    if (best !== asPlaced && strength(best) - strength(asPlaced) >= (opts.minGain ?? 0.2)) {
      aligned = false;
      const how = best.by === 'georef'
        ? `moved by ${best.dRow} row(s) and ${best.dCol} column(s) of its cells`
        : `read by array index with study(row, col) = layer(row ${sign(best.dRow)}, col ${sign(best.dCol)}), ignoring its georeference`;
      const stat = opts.categorical ? 'class-share distance' : 'AUC';
      const v = (p: Placement) => fmt(opts.categorical ? p.separation : p.auc);
      warnings.unshift(`the layer looks misaligned with the deposits: ${how}, the deposits' values separate from the rest ` +
        `with ${stat} ${v(best)} (${best.onLayer} deposits) against ${v(asPlaced)} (${asPlaced.onLayer}) as placed.`);
    } else if (asPlaced.onLayer < minDeposits) {
      warnings.push(`too few deposits on the layer (${asPlaced.onLayer}) to check its alignment with them.`);
    }
  }
  return { aligned, sameCrs, cellRatio, originOffsetCells, onLattice, coverage, deposits, warnings };
}

const sign = (d: number) => (d === 0 ? '' : d > 0 ? `+ ${d}` : `- ${-d}`);

function valueAt(layer: RasterLayer, r: number, c: number): number | null {
  const { width, height } = layer.spec;
  if (!(r >= 0 && c >= 0 && r < height && c < width)) return null;
  const v = layer.values[r * width + c];
  return Number.isNaN(v) ? null : v;
}

/** The layer read by array index onto the study grid, study(r, c) = layer(r + dRow, c + dCol): the user's explicit fix. */
export function alignByIndex(layer: RasterLayer, study: GridSpec, dRow: number, dCol: number): Float32Array {
  const out = new Float32Array(study.width * study.height).fill(NaN);
  for (let r = 0; r < study.height; r++) {
    for (let c = 0; c < study.width; c++) {
      const v = valueAt(layer, r + dRow, c + dCol);
      if (v !== null) out[r * study.width + c] = v;
    }
  }
  return out;
}
