import { MIN_VALID_SAMPLES } from '../../core/grid/plan';
import type { AnyStepOutcome, DatasetResult, GridResult, SelectionRow, SelectResult } from '../../core/results';
import type { Output } from '../output';
import { table } from '../output';
import { printBackend } from './print-backend';

const f3 = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(3));

/** What the grid plan left out, restricted, levelled and warns about (the grid step and `prospect grid` without a project). */
export function printGridPlan(out: Output, s: Partial<Pick<GridResult, 'skipped' | 'excluded' | 'warnings' | 'levelling' | 'campaigns' | 'searchRadius'>>): void {
  if (s.searchRadius) out.text(`  search radius ${s.searchRadius.value} m (${s.searchRadius.source === 'data' ? s.searchRadius.reason : 'as configured'})`);
  for (const k of s.skipped ?? []) out.text(`  ${k.element} left out: ${k.valid} usable samples (fewer than ${MIN_VALID_SAMPLES})`);
  for (const k of s.excluded ?? []) out.text(`  ${k.element} not gridded: ${k.reason}`);
  if (s.campaigns) out.text(`  samples of campaigns ${s.campaigns.join(', ')} only`);
  const lv = s.levelling;
  if (lv) {
    out.text(`  levelling by campaign: ${lv.method} over ${lv.campaigns.length} campaigns ` +
      `(${lv.campaigns.map((c) => `${c.campaign} ${c.samples}`).join(', ')}); levelled: ${lv.elements.join(', ') || 'none'}`);
    for (const n of lv.notes) out.text(`  levelling: ${n}`);
  }
  for (const w of s.warnings ?? []) out.text(`  warning: ${w.element ? `${w.element}: ` : ''}${w.message}`);
}

/** The p-value of the test that decided the row (Holm-adjusted when Holm was asked for). */
function pOf(r: SelectionRow): number | undefined {
  if (r.pHolm !== undefined) return r.pHolm;
  return r.criterion === 'permutation' ? r.pPermutation : r.criterion === 'shift' ? r.pShift : r.criterion === 'zauc-null' ? r.pNull : r.p;
}

function campaignCell(r: SelectionRow): string {
  const c = r.campaignDriven;
  if (!c) return '-';
  return `${c.driven ? 'DRIVEN' : 'no'} (within ${f3(c.aucWithin)})`;
}

const CRITERION_TEXT: Record<string, string> = {
  zauc: 'ZAUC, SE at the observed AUC (the paper)',
  'zauc-null': 'null z, SE under AUC = 0.5',
  permutation: 'permutation p',
  shift: 'p of the deposit pattern shifted and rotated over the grid (keeps its clustering)',
};

/** The selection table: AUC, both z values, the deciding p, the campaign check, and why elements are out. */
export function printSelection(out: Output, s: SelectResult): void {
  const rows = s.rows ?? [];
  out.text(table(['element', 'AUC', 'deposits', 'ZAUC', 'Z null', 'p', 'selected', 'direction', 'campaign-driven', 'note'],
    rows.map((r) => [
      r.element, f3(r.auc), r.nDeposits ?? '-', r.zauc.toFixed(2), Number.isFinite(r.zaucNull) ? r.zaucNull.toFixed(2) : '-',
      pOf(r)?.toExponential(1) ?? '-', r.selected ? 'yes' : 'no', r.direction, campaignCell(r), r.excluded ?? '',
    ])));
  const rule = s.criterion ? `${CRITERION_TEXT[s.criterion] ?? s.criterion}${s.holm ? ', Holm-corrected' : ''}, threshold ${s.threshold}` : `ZAUC > ${s.threshold}`;
  out.text(`selected (${rule}): ${s.selected.join(', ') || 'none'}`);
  for (const x of s.excluded ?? []) if (!rows.some((r) => r.element === x.element)) out.text(`  ${x.element}: ${x.reason}`);
  for (const r of rows) if (r.campaignDriven?.driven) out.text(`  ${r.element}: ${r.campaignDriven.reason}`);
  if (s.depositAccount) {
    out.text(`deposits: ${s.depositAccount.summary}`);
    for (const l of s.depositAccount.leftOut) out.text(`  ${l.id}: ${l.why}`);
  }
  if (s.warning) out.text(`warning: ${s.warning}`);
  if (s.fallback) out.text(`fallback: ${s.fallback}`);
}

/** The dataset: every setting as used with where it came from, the folds, and anything wrong with them. */
export function printDataset(out: Output, s: DatasetResult): void {
  out.text(`dataset: ${s.positives} ore + ${s.negatives} background windows of ${s.windowSize} cells (crop ${s.cropSize}) on ${s.elements.join(', ')}; ${s.folds} folds, ${s.droppedByFolds} windows dropped at fold borders`);
  out.text(table(['fold', 'ore', 'background', 'deposits'], s.positivesPerFold.map((n, f) => [f, n, s.negativesPerFold[f], s.depositsPerFold?.[f] ?? '-'])));
  for (const c of s.settings?.choices ?? []) out.text(`  ${c.setting} = ${Number(c.value.toFixed(4))} (${c.source}): ${c.reason}`);
  if (s.depositsOffSurvey) out.text(`note: ${s.depositsOffSurvey.reason} (${s.depositsOffSurvey.ids.join(', ')})`);
  for (const p of s.problems ?? []) out.text(`${p.severity}: ${p.message}`);
}

/** A short, readable account of a step for the terminal; the full outcome goes into the --json line. */
export function printOutcome(out: Output, o: AnyStepOutcome): void {
  switch (o.step) {
    case 'grid': {
      const s = o.summary;
      out.text(`grid: ${s.elements.length} elements on ${s.width} x ${s.height} cells of ${Number(s.cellX).toFixed(1)} m (${s.crs})${'seconds' in s ? `, ${s.seconds.toFixed(1)} s` : ''}`);
      if ('validCells' in s) out.text(`  ${s.validCells} of ${s.width * s.height} cells surveyed (${(100 * s.validCells / (s.width * s.height)).toFixed(1)}%)`);
      if ('skipped' in s) printGridPlan(out, s);
      break;
    }
    case 'select':
      printSelection(out, o.summary);
      break;
    case 'dataset':
      printDataset(out, o.summary);
      break;
    case 'train':
      out.text(`train: ${o.summary.arch}, ${o.summary.epochs} epochs, ${o.summary.trainWindows} training / ${o.summary.validationWindows} validation windows, ${o.summary.seconds.toFixed(1)} s`);
      printBackend(out, o.summary);
      for (const w of o.summary.warnings ?? []) out.text(`warning: ${w}`);
      break;
    default:
      out.text(`${o.step}: ${JSON.stringify(o.summary, (_k, v) => (Array.isArray(v) && v.length > 12 ? `[${v.length} items]` : v))}`);
  }
  for (const f of o.files) out.text(`  wrote ${f}`);
  if (o.step === 'export' && o.summary.note) out.text(`export: ${o.summary.note}`);
}
