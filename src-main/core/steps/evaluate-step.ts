import type { EvaluateConfig, PipelineConfig } from '../config';
import { validMask } from '../dataset/cells';
import { extractWindows } from '../dataset/windows';
import { blockedSpatialCv, scoreBinary, type CvResult } from '../evaluation/cv';
import { paIntersection, rateCurve } from '../evaluation/metrics';
import { float32FromBlob } from '../store/binary';
import { listGridElements, loadGridStack } from '../store/grids-repo';
import { latestModel } from '../store/models-repo';
import { insertRun, latestRun } from '../store/runs-repo';
import { deserializeModel } from '../training/model-io';
import { predictProbabilities } from '../training/predict';
import { ProspectError } from '../types';
import type { StepContext, StepOutcome } from './context';
import { loadDataset } from './dataset-step';
import { chooseValidationFold } from './train-step';
import { projectDepositCells } from './deposit-cells';
import type { TileResult } from './predict-step';

export type { EvaluateConfig } from '../config';

export function evaluateConfigOf(config: PipelineConfig): EvaluateConfig {
  const e = config.evaluate ?? {};
  return { mode: e.mode ?? 'cv', archs: e.archs, epochs: e.epochs, inputSize: e.inputSize, folds: e.folds, dense: e.dense };
}

/** A short row per model for side-by-side tables: pooled held-out accuracy, AUC, recall of ore, macro F1. */
export interface ComparisonRow { model: string; protocol: string; accuracy: number; auc: number | null; recall: number; macroF1: number; n: number }

function compareRows(cv: CvResult): ComparisonRow[] {
  const row = (m: CvResult['cnn'][number] | CvResult['baselines']['logistic']): ComparisonRow => ({
    model: m.model, protocol: 'blocked-spatial-cv (pooled held-out folds)', accuracy: m.pooled.accuracy, auc: m.pooled.auc,
    recall: m.pooled.recall[1], macroF1: m.pooled.macroF1, n: m.pooled.n,
  });
  return [...cv.cnn.map(row), row(cv.baselines.bestElement), row(cv.baselines.logistic)];
}

/**
 * Scores the project under two protocols, side by side and labelled: the paper's tile protocol on the latest
 * prediction (its test tiles hold the very deposits the training windows were slid around, so it is NOT held out),
 * and blocked spatial cross-validation in which every fold is held out in turn with z-scores, element selection, the
 * CNN(s) and two baselines fitted on the other folds only. Everything is stored as the evaluate run's metrics.
 */
export async function evaluateStep(ctx: StepContext): Promise<StepOutcome> {
  const { project: p, config } = ctx;
  const ec = evaluateConfigOf(config);
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
    ...scoreBinary(predicted.map((t) => t.label), predicted.map((t) => t.prob!), threshold),
  };

  // A model from another study area (paper step 7): nothing of this area was used to fit it, so its tile scores here
  // are held out as they stand; there is no dataset of this area to cross-validate.
  const source = (pred.params as { modelSource?: string } | undefined)?.modelSource;
  if (source && source !== p.path) return evaluateTransfer(ctx, pred.id, source, tiles, denseRow?.prob ?? null);

  const stored = latestModel(p);
  const ds = loadDataset(ctx);
  const trainRun = latestRun(p, 'train');
  const folded = ds.windows.filter((w) => w.fold >= 0);
  const valFold = (trainRun?.params as { validationFold?: number } | undefined)?.validationFold ?? chooseValidationFold(folded, config.train.validationFold);
  const sameModel = stored && pred.params && (pred.params as { modelSource?: string }).modelSource === p.path;
  const stack = loadGridStack(p, ds.elements, 'z');
  const cells = projectDepositCells(p, stack.spec);

  // The trained model on its own validation fold: cheap, but selection and z-scores saw the whole area.
  let heldOut: Record<string, unknown> | null = null;
  const val = folded.filter((w) => w.fold === valFold);
  if (stored && sameModel && val.length > 0) {
    const model = await deserializeModel({ modelJson: stored.modelJson, weights: stored.weights });
    try {
      const x = extractWindows(stack, val, ds.elements);
      const probs = await predictProbabilities(model, x, val.length, stored.windowSize, ds.elements.length, { inputSize: stored.inputSize, batch: 16, signal: ctx.signal });
      heldOut = {
        protocol: 'validation-fold',
        label: `The trained model on its validation fold ${valFold}: every training window lies at least one window away, but element selection and z-scores were fitted on the whole area, deposits of this fold included.`,
        fold: valFold,
        ...scoreBinary(val.map((w) => w.label), probs, threshold),
      };
    } finally {
      model.dispose();
    }
  }

  // Cross-validation re-fits z-scores and selection per fold, so it starts from every grid, not the selected ones.
  const all = loadGridStack(p, listGridElements(p), 'z');
  const cv = await blockedSpatialCv({ stack: all, depositCells: cells, windows: ds.windows, cropSize: ds.params.cropSize }, config, {
    archs: ec.mode === 'cv' ? ec.archs ?? [config.train.arch] : [],
    folds: ec.mode === 'cv' ? ec.folds : [valFold],
    epochs: ec.epochs, inputSize: ec.inputSize, dense: ec.dense, signal: ctx.signal, onProgress: ctx.onProgress,
  });
  const baselines = {
    label: 'Baselines on the same held-out folds, with the same fold-fitted z-scores and selection.',
    bestElement: { ...cv.baselines.bestElement.pooled, roc: undefined, meanOverFolds: cv.baselines.bestElement.meanOverFolds, elementPerFold: cv.baselines.bestElement.elementPerFold },
    logistic: { ...cv.baselines.logistic.pooled, roc: undefined, meanOverFolds: cv.baselines.logistic.meanOverFolds },
  };

  let curves: Record<string, unknown> | null = null;
  if (denseRow?.prob) {
    const dense = float32FromBlob(denseRow.prob);
    const mask = validMask(stack);
    const pr = cv.cnn[0]?.predictionRate;
    const valDeposits = new Set(val.map((w) => w.depositId).filter(Boolean));
    const valCells = cells.filter((c) => valDeposits.has(c.id));
    curves = {
      successRate: { label: 'Success-rate curve of the final model: every known deposit, INCLUDING those its training windows were slid around.', ...rateCurve(dense, stack.spec.width, mask, cells) },
      predictionRate: pr
        ? { ...pr, label: `Prediction-rate curve (held out): ${pr.nDeposits} deposits, each scored by the dense map of the ${cv.cnn[0].arch} fold model that never saw its fold.` }
        : valCells.length
          ? { label: `Prediction-rate curve: the ${valCells.length} deposits of validation fold ${valFold} on the final model's map (selection saw them).`, ...rateCurve(dense, stack.spec.width, mask, valCells) }
          : null,
      paIntersection: paIntersection(dense, stack.spec.width, mask, cells),
    };
  }

  const comparison = compareRows(cv);
  const summary = { paper, heldOut, cv, baselines, comparison, curves, predictRunId: pred.id, evaluate: ec };
  const params = { threshold, validationFold: valFold, ...ec, trainArch: config.train.arch, trainEpochs: config.train.epochs };
  const runId = p.transaction(() => insertRun(p, { step: 'evaluate', params, seed: config.seed, metrics: summary, parentId: pred.id }));
  return { step: 'evaluate', runIds: [runId], summary, files: [] };
}

async function evaluateTransfer(ctx: StepContext, predictRunId: number, source: string, tiles: TileResult[], denseBlob: Buffer | null): Promise<StepOutcome> {
  const { project: p, config } = ctx;
  const threshold = config.predict.threshold;
  const labelsKnown = (p.db.prepare('SELECT count(*) AS n FROM deposits').get() as { n: number }).n > 0;
  const predicted = tiles.filter((t) => t.prob !== null);
  const transfer = labelsKnown
    ? {
      protocol: 'other-area-model',
      label: `Model trained on another study area (${source}): no deposit, window or statistic of this area was used to fit it, so these ${config.predict.tileRows} x ${config.predict.tileCols} tile scores are held out.`,
      ...scoreBinary(predicted.map((t) => t.label), predicted.map((t) => t.prob!), threshold),
    }
    : null;
  let curves: Record<string, unknown> | null = null;
  if (denseBlob && labelsKnown) {
    const spec = JSON.parse((p.db.prepare("SELECT spec FROM predictions WHERE run_id = ? AND kind = 'dense'").get(predictRunId) as { spec: string }).spec);
    const stack = loadGridStack(p, listGridElements(p), 'raw');
    const cells = projectDepositCells(p, spec);
    const mask = validMask(stack);
    const dense = float32FromBlob(denseBlob);
    curves = {
      predictionRate: { label: 'Prediction-rate curve: every known deposit of this area, none of them seen by the model.', ...rateCurve(dense, spec.width, mask, cells) },
      paIntersection: paIntersection(dense, spec.width, mask, cells),
    };
  }
  const summary = {
    transfer, curves, modelSource: source, labelsKnown, predictRunId,
    note: labelsKnown ? undefined : 'This area has no known deposits: its predictions cannot be scored, only mapped.',
  };
  const runId = p.transaction(() => insertRun(p, { step: 'evaluate', params: { threshold, modelSource: source }, seed: config.seed, metrics: summary, parentId: predictRunId }));
  return { step: 'evaluate', runIds: [runId], summary, files: [] };
}
