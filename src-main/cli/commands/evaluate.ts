import { ARCH_NAMES, isOneOf } from '../../core/vocabulary';
import { runStep } from '../../core/app/pipeline';
import type { EvaluateConfig } from '../../core/config';
import { Project } from '../../core/store/project';
import { latestRun } from '../../core/store/runs-repo';
import type { AnyEvaluateResult, BinaryScores, ModelCv } from '../../core/results';
import { ProspectError } from '../../core/types';
import { bool, list, num, required, type Args } from '../args';
import { configFromArgs } from '../config-flags';
import { table, type Output } from '../output';

type Sc = Pick<BinaryScores, 'n' | 'accuracy' | 'auc' | 'recall' | 'macroF1'>;
const f3 = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? 'undef' : v.toFixed(3));
const row = (model: string, protocol: string, s: Sc) => [model, protocol, s.n, f3(s.accuracy), f3(s.auc), f3(s.recall[1]), f3(s.macroF1)];

/**
 * `prospect evaluate --project P`: runs the evaluate step (blocked spatial CV by default) and prints the paper
 * protocol beside the held-out figures, CNN(s) and baselines; `--stored` prints the latest stored evaluation instead.
 */
export async function evaluateCommand(args: Args, out: Output, signal: AbortSignal) {
  const path = required(args, 'project', 'the project file');
  const config = configFromArgs(args);
  const archs = list(args, 'archs');
  const bad = archs?.find((a) => !isOneOf(ARCH_NAMES, a));
  if (bad) throw new ProspectError(`Unknown architecture '${bad}' in --archs; use ${ARCH_NAMES.join(', ')}.`, 'BAD_ARGS', { column: '--archs' });
  const ev: Partial<EvaluateConfig> = {
    ...config.evaluate,
    ...(bool(args, 'holdout') ? { mode: 'holdout' as const } : {}),
    ...(archs ? { archs: archs.filter((a) => isOneOf(ARCH_NAMES, a)) } : {}),
    ...(num(args, 'cv-epochs') !== undefined ? { epochs: num(args, 'cv-epochs') } : {}),
    ...(num(args, 'cv-input') !== undefined ? { inputSize: num(args, 'cv-input') } : {}),
    ...(list(args, 'cv-folds') ? { folds: list(args, 'cv-folds')!.map(Number) } : {}),
    ...(bool(args, 'no-dense') ? { dense: false } : {}),
  };
  Object.assign(config, { evaluate: ev });
  const p = Project.open(path, bool(args, 'stored') ? { readonly: true } : undefined);
  try {
    let metrics: AnyEvaluateResult;
    let runId: number;
    if (bool(args, 'stored')) {
      const r = latestRun(p, 'evaluate');
      if (!r) throw new ProspectError(`${path} has no evaluation yet; run 'prospect evaluate --project ${path}'.`, 'NO_EVALUATION');
      if (!r.metrics) throw new ProspectError(`${path}: its latest evaluation stored no result; run 'prospect evaluate --project ${path}' again.`, 'NO_EVALUATION');
      metrics = r.metrics;
      runId = r.id;
    } else {
      const o = await runStep(p, 'evaluate', config, { signal, onProgress: out.progress });
      metrics = o.summary;
      runId = o.runIds[0];
    }
    const cv = 'cv' in metrics ? metrics.cv : undefined;
    const heldOut = 'heldOut' in metrics ? metrics.heldOut : null;
    const transfer = 'transfer' in metrics ? metrics.transfer : null;
    const rows: (string | number)[][] = [];
    if (metrics.paper) rows.push(row('CNN (final model)', 'paper tiles, NOT held out', metrics.paper));
    if (transfer) rows.push(row('CNN (other area\'s model)', 'tiles of this area, held out', transfer));
    if ('note' in metrics && metrics.note) out.text(metrics.note);
    if (heldOut) rows.push(row('CNN (final model)', `validation fold ${heldOut.fold}, selection saw it`, heldOut));
    for (const m of cv?.cnn ?? []) rows.push(row(m.model, 'blocked spatial CV (held out)', m.pooled));
    if (cv) {
      rows.push(row('best element', 'blocked spatial CV (held out)', cv.baselines.bestElement.pooled));
      rows.push(row('logistic', 'blocked spatial CV (held out)', cv.baselines.logistic.pooled));
    }
    out.text(table(['model', 'protocol', 'n', 'accuracy', 'AUC', 'recall(ore)', 'macroF1'], rows));
    if (cv) {
      out.text(`\n${cv.label}`);
      const folds: (string | number)[][] = [];
      for (const m of [...cv.cnn, cv.baselines.bestElement, cv.baselines.logistic]) {
        for (const f of m.perFold) folds.push([m.model, f.fold, `${f.nPositive}/${f.nNegative}`, f3(f.accuracy), f.auc === null ? `undef (${f.note})` : f3(f.auc), f.nPositive ? f3(f.recall[1]) : '-', f3(f.macroF1)]);
      }
      out.text(table(['model', 'fold', 'ore/bg', 'accuracy', 'AUC', 'recall(ore)', 'macroF1'], folds));
      out.text(table(['fold', 'elements selected on the training folds', 'held-out deposits'], cv.selections.map((s) => [s.fold, s.elements.join(',') + (s.fallback ? ' (fallback)' : ''), s.heldOutDeposits.length])));
    }
    const c = metrics.curves;
    if (c) out.text(`\nsuccess-rate AUC (all deposits, incl. training) ${f3(c.successRate?.auc)}; prediction-rate AUC (held out) ${f3(c.predictionRate?.auc)}`);
    const map = cv?.map;
    if (map) {
      out.text(`\n${map.label}`);
      // Capture of held-out deposits in the best 1, 5, 10 and 20% of their own block (older runs: at 20% only).
      const capture = (m: (typeof map.models)[number]) => (m.captureAt
        ? ['0.01', '0.05', '0.1', '0.2'].map((k) => (m.captureAt![k] ? `${Math.round(100 * m.captureAt![k].value)}%` : '-')).join('/')
        : m.captureAt20 === null ? '-' : `-/-/-/${Math.round(100 * m.captureAt20)}%`);
      out.text(table(['map (held out)', 'map AUC', '95% interval', 'deposits in best 1/5/10/20%', 'per fold'], map.models.map((m) => [
        m.label, m.mapAuc === null ? `undefined (${m.undefinedReason ?? ''})` : f3(m.mapAuc), m.interval ? `${f3(m.interval.lo)}-${f3(m.interval.hi)}` : '-',
        capture(m), m.perFold.map((f) => `${f.fold}:${f3(f.auc)}`).join(' '),
      ])));
      if (map.pairs?.length) {
        out.text(table(['model', 'other', 'AUC difference', '95% interval', 'clusters'], map.pairs.map((q) => [q.model, q.other, f3(q.difference), `${f3(q.lo)}-${f3(q.hi)}`, q.units])));
      }
    }
    if (cv?.random) {
      out.text(`\n${cv.random.label}`);
      out.text(table(['model', 'window AUC, random folds', 'window AUC, spatial folds'], cv.random.rows.map((r) => [r.model, f3(r.randomAuc), f3(r.spatialAuc)])));
    }
    // The verdict last, where a reader's eye ends.
    const verdict = 'verdict' in metrics ? metrics.verdict : null;
    if (verdict) out.text(`\nVerdict: ${verdict.sentence}`);
    // The JSON line keeps the figures and drops the bulky per-window predictions and ROC points.
    const slim = (m: ModelCv) => ({ model: m.model, label: m.label, pooled: { ...m.pooled, roc: undefined }, meanOverFolds: m.meanOverFolds,
      perFold: m.perFold.map((f) => ({ ...f, windows: undefined, labels: undefined, probs: undefined, roc: undefined })) });
    return {
      project: path, evaluateRunId: runId,
      paper: metrics.paper && { ...metrics.paper, roc: undefined },
      heldOut: heldOut && { ...heldOut, roc: undefined },
      transfer: transfer && { ...transfer, roc: undefined },
      modelSource: 'modelSource' in metrics ? metrics.modelSource : undefined,
      cv: cv && {
        protocol: cv.protocol, label: cv.label, k: cv.k, folds: cv.folds, windowsDropped: cv.windowsDropped, windowsScored: cv.windowsScored,
        skipped: cv.skipped, selections: cv.selections.map((s) => ({ fold: s.fold, elements: s.elements, fallback: s.fallback, heldOutDeposits: s.heldOutDeposits })),
        cnn: cv.cnn.map((m) => ({ ...slim(m), arch: m.arch, epochs: m.epochs, seconds: m.seconds })),
      },
      baselines: cv && { bestElement: slim(cv.baselines.bestElement), logistic: slim(cv.baselines.logistic) },
      verdict: 'verdict' in metrics ? metrics.verdict : null,
      map: cv?.map && { ...cv.map, models: cv.map.models.map((m) => ({ ...m, curve: undefined })) },
      randomCv: cv?.random && { label: cv.random.label, k: cv.random.k, rows: cv.random.rows },
      comparison: 'comparison' in metrics ? metrics.comparison : undefined,
      curves: c && { successRateAuc: c.successRate?.auc, predictionRateAuc: c.predictionRate?.auc, paIntersection: c.paIntersection },
      files: [],
    };
  } finally {
    p.close();
  }
}
