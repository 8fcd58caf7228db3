import { validMask } from '../dataset/cells';
import { extractWindows } from '../dataset/windows';
import { fitBestElement, fitLogistic, predictBestElement, predictLogistic, windowMeanFeatures } from '../evaluation/baselines';
import { binarize, classificationReport, paIntersection, rateCurve, rocAuc } from '../evaluation/metrics';
import { float32FromBlob } from '../store/binary';
import { loadGridStack } from '../store/grids-repo';
import { latestModel } from '../store/models-repo';
import { insertRun, latestRun } from '../store/runs-repo';
import { deserializeModel } from '../training/model-io';
import { predictProbabilities } from '../training/predict';
import { ProspectError } from '../types';
import type { StepContext, StepOutcome } from './context';
import { loadDataset } from './dataset-step';
import { projectDepositCells } from './deposit-cells';
import type { TileResult } from './predict-step';

function scores(labels: ArrayLike<number>, probs: ArrayLike<number>, threshold: number) {
  const rep = classificationReport(labels, binarize(probs, threshold));
  let auc: number | null = null;
  let roc: { fpr: number; tpr: number }[] = [];
  const pos = Array.from(labels).filter((l) => l === 1).length;
  if (pos > 0 && pos < labels.length) {
    const r = rocAuc(probs, labels);
    auc = r.auc;
    roc = r.curve.map((p) => ({ fpr: p.fpr, tpr: p.tpr }));
  }
  return { accuracy: rep.accuracy, auc, macroF1: rep.macroF1, precision: rep.precision, recall: rep.recall, confusion: rep.confusion, n: rep.n, roc };
}

/**
 * Scores the latest prediction under two protocols, side by side and labelled: the paper's tile protocol (its test
 * tiles hold the very deposits the training windows were slid around, so it is not held out) and the blocked spatial
 * hold-out fold (no training window within one window of it), with two baselines on the same windows.
 */
export async function evaluateStep(ctx: StepContext): Promise<StepOutcome> {
  const { project: p, config } = ctx;
  const pred = latestRun(p, 'predict');
  if (!pred) throw new ProspectError(`${p.path} has no prediction yet; run the predict step first.`, 'NO_PREDICTION');
  const rows = p.db.prepare('SELECT kind, tiles, prob FROM predictions WHERE run_id = ?').all(pred.id) as { kind: string; tiles: string | null; prob: Buffer | null }[];
  const tiles = JSON.parse(rows.find((r) => r.kind === 'tiles')!.tiles!) as TileResult[];
  const denseRow = rows.find((r) => r.kind === 'dense');
  const threshold = config.predict.threshold;

  const predicted = tiles.filter((t) => t.prob !== null);
  const paper = {
    protocol: 'paper-tiles',
    label: `Paper protocol: ${config.predict.tileRows} x ${config.predict.tileCols} tiles labelled by the deposits they hold. NOT held out: the test tiles contain the deposits the training windows were slid around.`,
    ...scores(predicted.map((t) => t.label), predicted.map((t) => t.prob!), threshold),
  };

  const stored = latestModel(p);
  const ds = loadDataset(ctx);
  const valFold = config.train.validationFold;
  const sameModel = stored && pred.params && (pred.params as { modelSource?: string }).modelSource === p.path;
  let heldOut: Record<string, unknown> | null = null;
  let baselines: Record<string, unknown> | null = null;
  const windows = ds.windows.filter((w) => w.fold >= 0);
  const val = windows.map((w, i) => (w.fold === valFold ? i : -1)).filter((i) => i >= 0);
  const train = windows.map((w, i) => (w.fold >= 0 && w.fold !== valFold ? i : -1)).filter((i) => i >= 0);
  const labels = windows.map((w) => w.label);
  const stack = loadGridStack(p, ds.elements, 'z');
  if (stored && sameModel && val.length > 0) {
    const model = await deserializeModel({ modelJson: stored.modelJson, weights: stored.weights });
    try {
      const x = extractWindows(stack, val.map((i) => windows[i]), ds.elements);
      const probs = await predictProbabilities(model, x, val.length, stored.windowSize, ds.elements.length, { inputSize: stored.inputSize, batch: 16, signal: ctx.signal });
      heldOut = {
        protocol: 'blocked-spatial-holdout',
        label: `Blocked spatial hold-out: the windows of fold ${valFold} (of ${config.dataset.folds}); every training window lies at least one window away. Element selection and z-scores were fitted on the whole area, as in the paper.`,
        fold: valFold,
        ...scores(val.map((i) => labels[i]), probs, threshold),
      };
    } finally {
      model.dispose();
    }
  }
  const trainHasBoth = new Set(train.map((i) => labels[i])).size === 2;
  if (val.length > 0 && trainHasBoth) {
    const feats = windowMeanFeatures(stack, windows, ds.elements);
    const best = fitBestElement(feats, ds.elements.length, labels, train, ds.elements);
    const logit = fitLogistic(feats, ds.elements.length, labels, train);
    const yVal = val.map((i) => labels[i]);
    // Baselines give scores, not probabilities: threshold the best element at its training median of ore windows.
    const bestScores = predictBestElement(best, feats, ds.elements.length, val);
    const logitScores = predictLogistic(logit, feats, ds.elements.length, val);
    const rank = (s: ArrayLike<number>) => {
      const sorted = Array.from(s).sort((a, b) => a - b);
      return Array.from(s, (v) => sorted.findIndex((u) => u >= v) / Math.max(1, sorted.length - 1));
    };
    baselines = {
      label: 'Baselines on the same hold-out windows, fitted on the training folds: the best single element (window mean) and a logistic regression on the window means of the selected elements.',
      bestElement: { element: best.element, trainAuc: best.trainAuc, ...scores(yVal, rank(bestScores), 0.5) },
      logistic: { ...scores(yVal, logitScores, 0.5) },
    };
  }

  let success: Record<string, unknown> | null = null;
  if (denseRow?.prob) {
    const dense = float32FromBlob(denseRow.prob);
    const mask = validMask(stack);
    const cells = projectDepositCells(p, stack.spec);
    const curve = rateCurve(dense, stack.spec.width, mask, cells);
    const valDeposits = new Set(val.map((i) => windows[i].depositId).filter(Boolean));
    const heldCells = cells.filter((c) => valDeposits.has(c.id));
    success = {
      successRate: { label: 'Success-rate curve: every known deposit (most were used in training).', ...curve },
      predictionRate: heldCells.length
        ? { label: `Prediction-rate curve: the ${heldCells.length} deposits of the hold-out fold.`, ...rateCurve(dense, stack.spec.width, mask, heldCells) }
        : null,
      paIntersection: paIntersection(dense, stack.spec.width, mask, cells),
    };
  }

  const summary = { paper, heldOut, baselines, curves: success, predictRunId: pred.id };
  const runId = p.transaction(() => insertRun(p, { step: 'evaluate', params: { threshold, validationFold: valFold }, seed: config.seed, metrics: summary, parentId: pred.id }));
  return { step: 'evaluate', runIds: [runId], summary, files: [] };
}
