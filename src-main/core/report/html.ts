// The self-contained HTML report: one file, every image a data: URL or inline SVG, a Content-Security-Policy that
// forbids any fetch, so it opens offline at a survey camp and leaks nothing.
import type { Target } from '../evaluation/targets';
import { orderForField } from '../evaluation/target-files';
import { TRUST_ADVICE, verdictNote, type VerdictNote } from '../evaluation/field-targets';
import type { AnyEvaluateResult, BinaryScores, CvResult, EpochRecord, ProtocolScores, SelectionRow } from '../results';
import type { DepositAccount } from '../result-parts';
import type { GridSpec } from '../types';
import { rasterPngDataUrl } from './png';
import { capturePoints, color, esc, lineChart, type Series } from './svg';

/**
 * A selection row as the report reads it: the stored SelectionRow, of which zaucNull, criterion and nDeposits are
 * absent in selections stored before they existed.
 */
export type ReportSelectionRow = Pick<SelectionRow, 'element' | 'auc' | 'se' | 'zauc' | 'p' | 'ci95' | 'selected' | 'direction' | 'campaignDriven' | 'excluded' | 'criterion'>
  & Partial<Pick<SelectionRow, 'zaucNull' | 'nDeposits'>>;
export interface ReportTile { number: number; row0: number; col0: number; rows: number; cols: number; prob: number | null; predicted: number | null; label: number }
export type ReportEpoch = Pick<EpochRecord, 'epoch' | 'loss' | 'accuracy' | 'valLoss' | 'valAccuracy'>;
type Conf = BinaryScores['confusion'];
type Scores = BinaryScores & { label?: string };

/** What the report shows; every field optional beyond the map geometry, so a partial project still reports. */
export interface ReportData {
  title: string;
  project: string;
  createdAt: string;
  seed: number | null;
  parameters: Record<string, unknown>;
  spec: GridSpec;
  deposits: { id?: string; row: number; col: number }[];
  elementMaps: { element: string; selected: boolean; values: Float32Array }[];
  probability: Float32Array | null;
  tiles: ReportTile[];
  selection: ReportSelectionRow[];
  /** Elements left out of selection with why (not gridded by the data-quality gate, or excluded). */
  selectionExcluded?: { element: string; reason: string }[];
  /** The selection's account of every deposit: those that do not count on their own, and why. */
  depositAccount?: DepositAccount;
  history: ReportEpoch[];
  evaluate: AnyEvaluateResult | null;
  targets: Target[];
}

const f3 = (v: number | null | undefined): string => (v === null || v === undefined || Number.isNaN(v) ? 'undefined' : v.toFixed(3));

function confusionTable(c: Conf, caption: string): string {
  return `<table class="cm"><caption>${esc(caption)}</caption><tr><th></th><th>pred. background</th><th>pred. ore</th></tr>` +
    `<tr><th>true background</th><td>${c[0][0]}</td><td>${c[0][1]}</td></tr><tr><th>true ore</th><td>${c[1][0]}</td><td>${c[1][1]}</td></tr></table>`;
}

function scoreRow(name: string, protocol: string, s: Scores): string {
  return `<tr><td>${esc(name)}</td><td>${esc(protocol)}</td><td>${s.n}</td><td>${f3(s.accuracy)}</td><td>${f3(s.auc)}</td><td>${f3(s.recall[1])}</td><td>${f3(s.macroF1)}</td></tr>`;
}

/** The probability map (or, without one, the tile probabilities) with numbered tiles and deposits drawn over it. */
function predictionMap(d: ReportData): string {
  const { spec } = d;
  let values = d.probability;
  if (!values) {
    values = new Float32Array(spec.width * spec.height).fill(NaN);
    for (const t of d.tiles) for (let r = t.row0; r < t.row0 + t.rows; r++) values.fill(t.prob ?? NaN, r * spec.width + t.col0, r * spec.width + t.col0 + t.cols);
  }
  const img = rasterPngDataUrl(values, spec.width, spec.height, { maxSide: 560, lo: 0, hi: 1 });
  const s = img.width / spec.width;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${img.width}" height="${img.height}" viewBox="0 0 ${img.width} ${img.height}" role="img" aria-label="prediction map">`,
    `<image href="${img.url}" width="${img.width}" height="${img.height}"/>`];
  for (const t of d.tiles) {
    const stroke = t.predicted === 1 ? (t.label === 1 ? '#e67814' : '#c8141e') : '#ffffff';
    parts.push(`<rect x="${(t.col0 * s).toFixed(1)}" y="${(t.row0 * s).toFixed(1)}" width="${(t.cols * s).toFixed(1)}" height="${(t.rows * s).toFixed(1)}" fill="none" stroke="${stroke}" stroke-opacity="${t.predicted === 1 ? 1 : 0.35}" stroke-width="${t.predicted === 1 ? 2 : 0.5}"/>`);
    parts.push(`<text x="${((t.col0 + 1) * s + 1).toFixed(1)}" y="${((t.row0 + 1) * s + 8).toFixed(1)}" font-size="7" fill="#fff" stroke="#000" stroke-width="0.2">${t.number}</text>`);
  }
  for (const dep of d.deposits) parts.push(`<circle cx="${((dep.col + 0.5) * s).toFixed(1)}" cy="${((dep.row + 0.5) * s).toFixed(1)}" r="3" fill="#000" stroke="#fff"><title>${esc(dep.id ?? '')}</title></circle>`);
  parts.push('</svg>');
  return parts.join('');
}

/**
 * A list of targets as the verdict allows: shown when the held-out map says act on it; otherwise folded away under
 * the verdict, so nobody reads "new target, P = 0.95" above "do not take to the field".
 */
function behindVerdict(note: VerdictNote, what: string, body: string): string {
  if (note.trust === 'act') return body;
  return `<details class="held" data-trust="${note.trust}"><summary><b>Hidden behind the verdict (${esc(note.trust)}: ${esc(TRUST_ADVICE[note.trust])}).</b> ` +
    `${esc(note.sentence)} Open to see the ${esc(what)} anyway.</summary>${body}</details>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>${body}</section>`;
}

/** Builds the report as one HTML string. */
export function buildReportHtml(d: ReportData): string {
  const e = d.evaluate;
  // Older project files stored results without `kind`: look for the fields instead.
  const cv: CvResult | undefined = e && 'cv' in e ? e.cv : undefined;
  const heldOut: ProtocolScores | null = e && 'heldOut' in e ? e.heldOut : null;
  const successRate = e?.curves && 'successRate' in e.curves ? e.curves.successRate : undefined;
  const sections: string[] = [];

  sections.push(section('parameters', 'Run parameters', `<p>Project <code>${esc(d.project)}</code>, written ${esc(d.createdAt)}, seed <b>${esc(d.seed)}</b>.
    Grid ${d.spec.width} x ${d.spec.height} cells of ${d.spec.cellX} x ${d.spec.cellY} m, ${esc(d.spec.crs)}.</p><pre>${esc(JSON.stringify(d.parameters, null, 1))}</pre>`));

  // The verdict and the held-out maps first: they are what a geologist acts on.
  const map = cv?.map;
  if (map) {
    const rows = map.models.map((m) => `<tr${m.kind === 'cnn' ? ' class="sel"' : ''}><td>${esc(m.label)}</td><td>${m.mapAuc === null ? `undefined (${esc(m.undefinedReason ?? '')})` : f3(m.mapAuc)}</td>` +
      `<td>${m.interval ? `${f3(m.interval.lo)} - ${f3(m.interval.hi)}` : '-'}</td><td>${m.captureAt20 === null ? '-' : `${Math.round(100 * m.captureAt20)}%`}</td>` +
      `<td>${m.perFold.map((f) => `fold ${f.fold}: ${f3(f.auc)} (${f.nPositive} dep.; ${esc(f.fitted)})`).join('<br>')}</td></tr>`).join('');
    const rateSeries: Series[] = map.models.filter((m) => m.curve.length).map((m, i) => ({ name: `${m.label} (AUC ${f3(m.mapAuc)})`, points: m.curve.map((p) => [p.areaShare, p.depositShare] as [number, number]), color: color(i), step: false }));
    const random = cv?.random
      ? `<h3>Random folds beside spatial folds (window AUC)</h3><p>${esc(cv.random.label)}</p><table><tr><th>model</th><th>random folds (NOT held out spatially)</th><th>spatial folds (held out)</th></tr>` +
        cv.random.rows.map((r) => `<tr><td>${esc(r.model)}</td><td>${f3(r.randomAuc)}</td><td>${f3(r.spatialAuc)}</td></tr>`).join('') + '</table>'
      : '';
    sections.unshift(section('verdict', 'Verdict (held out, on the map)', `<p class="verdict"><b>${esc(map.verdict.sentence)}</b></p><p>${esc(map.label)}</p>` +
      `<table><tr><th>map</th><th>map AUC</th><th>95% interval</th><th>deposits in best 20% of area</th><th>per fold</th></tr>${rows}</table>` +
      `<div class="row">${lineChart({ title: 'Held-out prediction rate', xLabel: 'share of held-out area', yLabel: 'share of held-out deposits', series: rateSeries, xRange: [0, 1], yRange: [0, 1], diagonal: true })}</div>${random}`));
  }

  // Both protocols side by side, each with its label, so nobody mistakes the paper's figure for a held-out one.
  if (e) {
    const rows: string[] = [];
    if (e.paper) rows.push(scoreRow('CNN (final model)', 'paper tiles: NOT held out', e.paper));
    if (heldOut) rows.push(scoreRow('CNN (final model)', `validation fold ${heldOut.fold ?? ''} (selection saw it)`, heldOut));
    for (const m of cv?.cnn ?? []) rows.push(scoreRow(m.model, 'blocked spatial CV, held out', m.pooled));
    if (cv) {
      rows.push(scoreRow('best single element', 'blocked spatial CV, held out', cv.baselines.bestElement.pooled));
      rows.push(scoreRow('logistic regression', 'blocked spatial CV, held out', cv.baselines.logistic.pooled));
    }
    const labels = [e.paper?.label, heldOut?.label, cv?.label].filter(Boolean).map((l) => `<li>${esc(l)}</li>`).join('');
    const cms = [e.paper ? confusionTable(e.paper.confusion, 'Paper protocol (tiles, NOT held out)') : '',
      ...(cv?.cnn ?? []).map((m) => confusionTable(m.pooled.confusion, `${m.model}: blocked spatial CV (held out, pooled)`)),
      cv ? confusionTable(cv.baselines.logistic.pooled.confusion, 'Logistic baseline: blocked spatial CV') : ''].join('');
    sections.push(section('protocols', 'Evaluation: both protocols side by side',
      `<ul>${labels}</ul><table><tr><th>model</th><th>protocol</th><th>n</th><th>accuracy</th><th>AUC</th><th>recall (ore)</th><th>macro F1</th></tr>${rows.join('')}</table>` +
      `<h3>Confusion matrices</h3><div class="row">${cms}</div>`));
    const roc: Series[] = [];
    if (e.paper?.roc?.length) roc.push({ name: 'paper tiles (NOT held out)', points: e.paper.roc.map((p) => [p.fpr, p.tpr]), color: color(1), dashed: true, step: true });
    (cv?.cnn ?? []).forEach((m, i) => m.pooled.roc?.length && roc.push({ name: `${m.model} CV (held out)`, points: m.pooled.roc.map((p) => [p.fpr, p.tpr]), color: color(i === 0 ? 0 : i + 2), step: true }));
    if (cv?.baselines.logistic.pooled.roc?.length) roc.push({ name: 'logistic CV (held out)', points: cv.baselines.logistic.pooled.roc.map((p) => [p.fpr, p.tpr]), color: color(2), step: true });
    const rates: Series[] = [];
    if (successRate) rates.push({ name: `success rate, all deposits incl. training (AUC ${f3(successRate.auc)})`, points: capturePoints(successRate.areaShare, successRate.depositShare), color: color(1), dashed: true, step: true });
    if (e.curves?.predictionRate) rates.push({ name: `prediction rate, held-out deposits (AUC ${f3(e.curves.predictionRate.auc)})`, points: capturePoints(e.curves.predictionRate.areaShare, e.curves.predictionRate.depositShare), color: color(0), step: true });
    const pa = e.curves?.paIntersection;
    sections.push(section('curves', 'ROC and success-rate curves',
      `<div class="row">${lineChart({ title: 'ROC', xLabel: 'false positive rate', yLabel: 'true positive rate', series: roc, xRange: [0, 1], yRange: [0, 1], diagonal: true })}` +
      `${lineChart({ title: 'Success / prediction rate', xLabel: 'share of surveyed area', yLabel: 'share of deposits', series: rates, xRange: [0, 1], yRange: [0, 1], diagonal: true })}</div>` +
      `<p>${esc(successRate?.label ?? '')}</p><p>${esc(e.curves?.predictionRate?.label ?? '')}</p>` +
      (pa ? `<p>P-A plot intersection: threshold ${f3(pa.threshold)}, ${(100 * pa.predictionRate).toFixed(1)}% of deposits in ${(100 * pa.areaShare).toFixed(1)}% of the area.</p>` : '')));
    if (cv) {
      const fr: string[] = [];
      for (const m of [...cv.cnn, cv.baselines.bestElement, cv.baselines.logistic]) {
        for (const f of m.perFold) fr.push(`<tr><td>${esc(m.model)}</td><td>${f.fold}</td><td>${f.nPositive}/${f.nNegative}</td><td>${f3(f.accuracy)}</td><td>${f3(f.auc)}${f.note ? ` (${esc(f.note)})` : ''}</td><td>${f.nPositive ? f3(f.recall[1]) : 'no ore windows'}</td><td>${f3(f.macroF1)}</td></tr>`);
      }
      const sel = cv.selections.map((s) => `<tr><td>${s.fold}</td><td>${esc(s.elements.join(', '))}${s.fallback ? ' (none passed: best by ZAUC)' : ''}</td><td>${esc(s.heldOutDeposits.join(' '))}</td></tr>`).join('');
      sections.push(section('cv-folds', `Blocked spatial CV: ${cv.k} folds, per fold`,
        `<p>${cv.windowsScored} windows scored; ${cv.windowsDropped} dropped by the fold builder at fold borders.${cv.skipped.length ? ' Skipped: ' + esc(cv.skipped.map((s) => `fold ${s.fold} (${s.reason})`).join('; ')) : ''}</p>` +
        `<table><tr><th>model</th><th>fold</th><th>ore/background</th><th>accuracy</th><th>AUC</th><th>recall (ore)</th><th>macro F1</th></tr>${fr.join('')}</table>` +
        `<h3>Selection fitted per fold</h3><table><tr><th>fold</th><th>elements</th><th>held-out deposits</th></tr>${sel}</table>`));
    }
  }

  if (d.selection.length) {
    const z = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(2));
    const camp = (r: ReportSelectionRow): string => (!r.campaignDriven ? '-'
      : `${r.campaignDriven.driven ? '<b>driven</b>' : 'no'} (within ${f3(r.campaignDriven.aucWithin)})`);
    const rows = d.selection.map((r) => `<tr class="${r.selected ? 'sel' : ''}"><td>${esc(r.element)}</td><td>${f3(r.auc)}</td><td>${r.nDeposits ?? '-'}</td><td>${f3(r.se)}</td>` +
      `<td>${r.zauc.toFixed(2)}</td><td>${z(r.zaucNull)}</td><td>${r.p.toExponential(2)}</td><td>${f3(r.ci95[0])} - ${f3(r.ci95[1])}</td>` +
      `<td>${r.selected ? 'yes' : r.excluded ? 'no (excluded)' : 'no'}</td><td>${esc(r.direction)}</td><td>${camp(r)}</td></tr>`).join('');
    const criterion = d.selection.find((r) => r.criterion)?.criterion;
    const rule = criterion === 'zauc-null' ? 'selected on the null z (SE under AUC = 0.5)'
      : criterion === 'permutation' ? 'selected on a permutation p-value' : 'selected on ZAUC (SE at the observed AUC, the paper\'s)';
    const notes = [
      ...(d.selectionExcluded ?? []).map((x) => `${x.element}: ${x.reason}`),
      ...d.selection.filter((r) => r.campaignDriven?.driven).map((r) => `${r.element}: ${r.campaignDriven!.reason}`),
    ];
    const list = notes.length ? `<ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
    const acc = d.depositAccount;
    const deposits = acc ? `<p data-deposits="${acc.cells}">Deposits: ${esc(acc.summary)}.</p>` + (acc.leftOut.length
      ? `<table><tr><th>deposit left out</th><th>why</th></tr>${acc.leftOut.map((l) => `<tr><td>${esc(l.id)}</td><td>${esc(l.why)}</td></tr>`).join('')}</table>` : '') : '';
    sections.push(section('selection', 'Element selection (AUC, Hanley-McNeil SE, ZAUC, null z, campaign check)',
      `<p>${esc(rule)}; p is the paper's (ZAUC). Campaign-driven: the AUC within the survey campaigns that hold deposits ` +
      'against the AUC across all; an AUC that collapses within campaigns was carried by a campaign boundary.</p>' +
      '<table><tr><th>element</th><th>AUC</th><th>deposits</th><th>SE</th><th>ZAUC</th><th>null z</th><th>p</th><th>95% CI</th><th>selected</th>' +
      `<th>direction</th><th>campaign-driven</th></tr>${rows}</table>${list}${deposits}`));
  }
  if (d.elementMaps.length) {
    const maps = d.elementMaps.map((m) => {
      const img = rasterPngDataUrl(m.values, d.spec.width, d.spec.height, { maxSide: 180 });
      return `<figure><img alt="${esc(m.element)} z-score" src="${img.url}" width="${img.width}" height="${img.height}"><figcaption>${esc(m.element)}${m.selected ? ' (selected)' : ''}</figcaption></figure>`;
    }).join('');
    sections.push(section('element-maps', 'Element maps (z-scores, 2nd-98th percentile stretch)', `<div class="row">${maps}</div>`));
  }
  sections.push(section('prediction-map', 'Prediction map with numbered tiles and known deposits',
    `${predictionMap(d)}<p>Orange frame: predicted ore with a known deposit (confirmation); red frame: new target; dots: known deposits. Colour: P(ore) from 0 (dark) to 1 (yellow).</p>`));
  if (d.history.length) {
    const h = d.history;
    sections.push(section('training', 'Training curves (final model)', `<div class="row">${lineChart({ title: 'Loss', xLabel: 'epoch', yLabel: 'loss', series: [
      { name: 'training', points: h.map((r) => [r.epoch, r.loss]), color: color(0) },
      { name: 'validation fold', points: h.filter((r) => r.valLoss !== null).map((r) => [r.epoch, r.valLoss!]), color: color(1), dashed: true }] })}` +
      `${lineChart({ title: 'Accuracy', xLabel: 'epoch', yLabel: 'accuracy', yRange: [0, 1], series: [
        { name: 'training', points: h.map((r) => [r.epoch, r.accuracy]), color: color(0) },
        { name: 'validation fold', points: h.filter((r) => r.valAccuracy !== null).map((r) => [r.epoch, r.valAccuracy!]), color: color(1), dashed: true }] })}</div>`));
  }
  const trows = d.targets.map((t) => `<tr class="${t.kind}"><td>${t.rank}</td><td>${t.tile}</td><td>${f3(t.probability)}</td><td>${t.kind === 'new-target' ? 'new target' : 'confirmation'}</td><td>${esc(t.knownDeposits.join(' '))}</td><td>${t.areaKm2.toFixed(2)}</td><td>${esc(t.drivers.map((x) => `${x.element} ${x.meanZ.toFixed(2)}`).join(', '))}</td></tr>`).join('');
  const delivered = e && 'targets' in e ? e.targets : null;
  const note = verdictNote(e && 'cv' in e ? (e.verdict ?? e.cv.map?.verdict) : null);
  if (delivered) {
    const word = delivered.scoreKind === 'probability' ? 'probability' : 'score';
    const arows = orderForField(delivered.areas).map((a, i) => `<tr class="${a.class}"><td>${i + 1}</td><td>${a.id}</td><td>${a.class}</td><td>${f3(a.peakScore)}</td><td>${f3(a.meanScore)}</td>` +
      `<td>${a.meanUncertainty === null ? '-' : f3(a.meanUncertainty)}</td><td>${a.areaKm2.toFixed(2)}</td><td>${esc(a.deposits.join(' ') || (a.nearestDeposit ? `${a.nearestDeposit.id} at ${(a.nearestDeposit.distance / 1000).toFixed(1)} km` : ''))}</td>` +
      `<td>${esc(a.drivers.slice(0, 3).map((x) => `${x.element} ${x.drop.toFixed(3)}`).join(', '))}</td></tr>`).join('');
    const rel = delivered.reliability;
    const relChart = rel ? lineChart({ title: 'Reliability (held-out windows)', xLabel: 'predicted', yLabel: 'observed ore share', xRange: [0, 1], yRange: [0, 1], diagonal: true,
      series: [{ name: `${delivered.calibration.method} (ECE ${f3(rel.ece)}, Brier ${f3(rel.brier)}, ${rel.n} windows)`, color: color(0),
        points: rel.bins.filter((b) => b.meanPredicted !== null && b.observed !== null).map((b) => [b.meanPredicted!, b.observed!] as [number, number]) }] }) : '';
    sections.push(section('target-areas', `Target areas (greenfield first; ${word}, not held out)`, behindVerdict(note, 'target areas',
      `<p>${esc(delivered.calibration.reason)} The best-scoring ${Math.round(100 * delivered.targetShare)}% of the surveyed area (${word} >= ${f3(delivered.threshold)}) merged into areas; drivers are the drop in the deployed model's score when an element's channel is set to its background value. ${esc(delivered.uncertainty)}</p>` +
      `<table><tr><th>rank</th><th>area</th><th>class</th><th>peak ${word}</th><th>mean ${word}</th><th>uncertainty (sd)</th><th>area km²</th><th>deposits / nearest</th><th>drivers (drop)</th></tr>${arows}</table><div class="row">${relChart}</div>`)));
  }
  sections.push(section('targets', 'Paper protocol: tiles predicted ore, best first (NOT held out)', d.targets.length
    ? behindVerdict(note, 'tile list', '<p>Scored by the final model on tiles whose deposits it was trained around: these scores are not held out.</p>' +
      `<table data-held-out="no"><tr><th>rank</th><th>tile</th><th>P(ore) (not held out)</th><th>kind</th><th>known deposits</th><th>area km²</th><th>elements with the highest mean z</th></tr>${trows}</table>`)
    : '<p>No tile reached the threshold.</p>'));

  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${esc(d.title)}</title><style>
body{font:13px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#f4f4f4}
td:first-child,th:first-child{text-align:left}.sel td{background:#eef7ee}.new-target td,.greenfield td{background:#fdeaea}.extension td{background:#fff3e6}.confirmation td{background:#fff3e6}
.row{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}figure{margin:0}figcaption{text-align:center}
.cm caption{font-weight:bold;font-size:11px}details.held summary{background:#fdeaea;padding:4px;cursor:pointer}pre{background:#f8f8f8;padding:6px;max-height:240px;overflow:auto;font-size:11px}
nav a{margin-right:1em}</style></head><body>
<h1>${esc(d.title)}</h1><nav>${['verdict', 'parameters', 'protocols', 'curves', 'cv-folds', 'selection', 'element-maps', 'prediction-map', 'training', 'target-areas', 'targets'].map((s) => `<a href="#${s}">${s}</a>`).join('')}</nav>
${sections.join('\n')}
</body></html>`;
}
