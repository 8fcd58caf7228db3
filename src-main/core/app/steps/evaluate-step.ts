import type { EvaluateConfig, PipelineConfig } from '../../config';
import { validMask } from '../../dataset/cells';
import { strideFraction } from '../resolve-dataset';
import { chooseValidationFold } from '../../dataset/validation-fold';
import { extractWindows } from '../../dataset/windows';
import { blockedSpatialCv } from '../../evaluation/cv';
import { scoreBinary } from '../../evaluation/binary-scores';
import { paIntersection, rateCurve } from '../../evaluation/metrics';
import type { ComparisonRow, CvResult, EvaluateResult, EvaluationCurves, FoldResult, ProtocolScores, StepOutcome, TileResult, TransferEvaluateResult, Verdict } from '../../results';
import { loadDataset } from '../../store/datasets-repo';
import { countDeposits } from '../../store/deposits-repo';
import { projectDepositCells } from '../deposit-cells';
import { listGridElements } from '../../store/grids-repo';
import { loadGridStack } from '../grid-stack';
import { latestModel } from '../../store/models-repo';
import { loadPrediction } from '../../store/predictions-repo';
import { insertRun, latestRun } from '../../store/runs-repo';
import { deliverTargets } from '../../evaluation/deliver-targets';
import { fitDeliveredCellMap } from '../../evaluation/deliver-map';
import type { DepositCell } from '../../dataset/cells';
import type { Window } from '../../dataset/windows';
import { latestDatasetParams } from '../../store/datasets-repo';
import { saveMap } from '../../store/predictions-repo';
import type { StoredModel } from '../../store/models-repo';
import { deserializeModel } from '../../training/model-io';
import { predictProbabilities } from '../../training/predict';
import type { GridSpec, GridStack } from '../../types';
import type { StepContext } from './context';
import type { CellCalibration } from '../../evaluation/cell-calibration';
import { samplingSupport, SUPPORT_SAMPLES, type SamplingSupport } from '../../grid/sampling-support';
import { loadSampleXY } from '../../store/samples-repo';

export function evaluateConfigOf(config: PipelineConfig): EvaluateConfig {
  const e = config.evaluate ?? {};
  return { mode: e.mode ?? 'cv', archs: e.archs, epochs: e.epochs, inputSize: e.inputSize, folds: e.folds, dense: e.dense, randomCv: e.randomCv ?? false };
}

/**
 * Share of ore tiles captured against share of valid tiles, tiles taken by decreasing score; ties are taken together
 * so the curve does not depend on the order of equal scores.
 */
export function tileSuccessCurve(tiles: TileResult[]): [number, number][] {
  const v = tiles.filter((t) => t.prob !== null).sort((a, b) => b.prob! - a.prob!);
  const nPos = v.filter((t) => t.label === 1).length;
  const out: [number, number][] = [[0, 0]];
  let pos = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i].label === 1) pos++;
    if (i + 1 < v.length && v[i + 1].prob === v[i].prob) continue;
    out.push([(i + 1) / v.length, nPos ? pos / nPos : 0]);
  }
  return out;
}

/** The paper's protocol on the latest prediction's tiles, labelled as what it is. */
function paperScores(tiles: TileResult[], config: PipelineConfig, label: string, protocol: ProtocolScores['protocol'] = 'paper-tiles'): ProtocolScores {
  const predicted = tiles.filter((t) => t.prob !== null);
  return {
    protocol, label,
    ...scoreBinary(predicted.map((t) => t.label), predicted.map((t) => t.prob!), config.predict.threshold),
    successCurve: tileSuccessCurve(tiles),
  };
}

function compareRows(cv: CvResult): ComparisonRow[] {
  const row = (m: CvResult['cnn'][number] | CvResult['baselines']['logistic']): ComparisonRow => ({
    model: m.model, protocol: 'blocked spatial CV, windows (pooled held-out folds)', accuracy: m.pooled.accuracy, auc: m.pooled.auc,
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
export async function evaluateStep(ctx: StepContext): Promise<StepOutcome<'evaluate'>> {
  const { project: p, config } = ctx;
  const ec = evaluateConfigOf(config);
  const prediction = loadPrediction(p);
  const pred = latestRun(p, 'predict')!;
  const { tiles } = prediction;
  const threshold = config.predict.threshold;

  const paper = paperScores(tiles, config,
    `Paper protocol: ${config.predict.tileRows} x ${config.predict.tileCols} tiles labelled by the deposits they hold. NOT held out: the test tiles contain the deposits the training windows were slid around.`);

  // A model from another study area (paper step 7): nothing of this area was used to fit it, so its tile scores here
  // are held out as they stand; there is no dataset of this area to cross-validate.
  const source = pred.params.modelSource;
  if (source && source !== p.path) return evaluateTransfer(ctx, pred.id, source, paper, tiles, prediction.spec, prediction.dense);

  const stored = latestModel(p);
  const ds = loadDataset(p);
  const trainRun = latestRun(p, 'train');
  const folded = ds.windows.filter((w) => w.fold >= 0);
  // The deployed model is refitted on every window unless a fold was held out while training it.
  const trainedFold = trainRun?.params.validationFold ?? null;
  const valFold = trainedFold ?? chooseValidationFold(folded, 'auto');
  const sameModel = stored && pred.params.modelSource === p.path;
  const stack = loadGridStack(p, ds.elements, 'z');
  const cells = projectDepositCells(p, stack.spec);

  // The trained model on its own validation fold: cheap, but selection and z-scores saw the whole area.
  let heldOut: ProtocolScores | null = null;
  const val = folded.filter((w) => w.fold === valFold);
  if (stored && sameModel && trainedFold !== null && val.length > 0) {
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

  const foldMaps: Float32Array[] = [];
  // The simple models of every fold, kept as functions until the verdict says which one is delivered (its fold refits'
  // spread is then its uncertainty); only that kind is ever mapped over the whole area.
  const cellFoldMaps = new Map<string, (() => Float32Array)[]>();
  // Cross-validation re-fits z-scores and selection per fold, so it starts from every grid, not the selected ones.
  const all = loadGridStack(p, listGridElements(p), 'z');
  const cv = await blockedSpatialCv({ stack: all, depositCells: cells, windows: ds.windows, cropSize: ds.params.cropSize, strideFraction: strideFraction(config, ds.params.denseStrideFraction), foldBuffer: ds.params.foldBuffer }, config, {
    archs: ec.mode === 'cv' ? ec.archs ?? [config.train.arch] : [],
    folds: ec.mode === 'cv' ? ec.folds : [valFold],
    epochs: ec.epochs, inputSize: ec.inputSize, dense: ec.dense, randomCv: ec.mode === 'cv' && ec.randomCv, signal: ctx.signal, onProgress: ctx.onProgress,
    onFoldMap: (_f, arch, map) => arch === config.train.arch && foldMaps.push(map),
    onCellFoldMap: (_f, kind, map) => cellFoldMaps.set(kind, [...(cellFoldMaps.get(kind) ?? []), map]),
  });
  const baselines = {
    label: 'Baselines on the same held-out folds, with the same fold-fitted z-scores and selection.',
    bestElement: { ...cv.baselines.bestElement.pooled, roc: undefined, meanOverFolds: cv.baselines.bestElement.meanOverFolds, elementPerFold: cv.baselines.bestElement.elementPerFold },
    logistic: { ...cv.baselines.logistic.pooled, roc: undefined, meanOverFolds: cv.baselines.logistic.meanOverFolds },
  };

  let curves: EvaluationCurves | null = null;
  if (prediction.dense) {
    const dense = prediction.dense;
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
  // The targets come from the map the verdict delivers: a simple map refitted on the whole area when nothing beats it
  // (or chance), else the deployed CNN; either calibrated on its folds' out-of-fold values over the held-out ground.
  const cnnModel = `cnn:${config.train.arch}`;
  const wanted = cv.map?.verdict.deliveredMap ?? null;
  const simple = wanted && wanted.kind !== 'cnn' ? wanted : null;
  const heldOutWindows = cv.cnn.find((m) => m.arch === config.train.arch)?.perFold ?? [];
  let delivered: Delivered | null = null;
  const xy = loadSampleXY(p);
  // A project whose grids were not interpolated from its own samples may hold too few: then no support layer.
  const support = xy.x.length >= SUPPORT_SAMPLES ? samplingSupport(stack.spec, xy.x, xy.y, { mask: validMask(stack) }) : undefined;
  if (simple && prediction.dense) {
    const refits = (cellFoldMaps.get(simple.kind) ?? []).map((m) => m());
    cellFoldMaps.clear();
    const fitted = fitDeliveredCellMap({
      stack: all, elements: ds.elements, deposits: cells, kind: simple.kind as Exclude<typeof simple.kind, 'cnn'>,
      radius: Math.max(1, Math.round(ds.windows[0].size / 4)), seed: config.seed,
    });
    delivered = await deliverTargets({
      stack, elements: ds.elements, windowSize: ds.windows[0].size, inputSize: ds.params.cropSize, mask: validMask(stack), dense: fitted.map, foldMaps: refits,
      spreadIncludesDelivered: false, support,
      spreadLabel: `Standard deviation, per cell, of the ${refits.length} cross-validation fold refits of the ${simple.label} map (each fold's z-scores, selection and fit on the other folds), on the scale of that map before calibration.`,
      heldOut: [], deposits: cells, trainingWindows: [], trainingRate: 0.5, slideRadius: 0, targetShare: config.predict.targetShare,
      cellCalibration: cv.map?.calibrations?.[simple.model], delivered: { model: simple.model, label: simple.label, reason: simple.reason },
    }, { signal: ctx.signal });
  } else if (stored && sameModel && prediction.dense) {
    cellFoldMaps.clear();
    delivered = await deliverFor(ctx, stored, stack, prediction.dense, foldMaps, heldOutWindows, ds.windows, cells, support, cv.map?.calibrations?.[cnnModel],
      wanted ? { model: cnnModel, label: `CNN ${config.train.arch}`, reason: wanted.model === cnnModel ? wanted.reason : `the deployed CNN; the verdict delivers the ${wanted.label} map` } : undefined);
  }
  const verdict = targetsVerdict(cv.map?.verdict ?? null, simple ? simple.model : cnnModel);
  const summary: EvaluateResult = { kind: 'cv', verdict, paper, heldOut, cv, baselines, comparison, curves, targets: delivered?.result ?? null, predictRunId: pred.id, evaluate: ec };
  const params = { threshold, validationFold: trainedFold, ...ec, trainArch: config.train.arch, trainEpochs: config.train.epochs };
  const runId = p.transaction(() => {
    const id = insertRun(p, { step: 'evaluate', params, seed: config.seed, metrics: summary, parentId: pred.id });
    if (delivered) saveDelivered(p, id, stack.spec, delivered, support?.distance);
    return id;
  });
  return { step: 'evaluate', runIds: [runId], summary, files: [] };
}

/**
 * The verdict as the targets screen reads it, with the model the stored targets come from. A simple map the verdict
 * delivers is delivered; another CNN architecture than the deployed one is not (the deployed model is the train
 * step's): then the verdict says so, and a trust of 'act' earned by that other map is not lent to these targets.
 */
function targetsVerdict(v: Verdict | null, from: string): Verdict | null {
  if (!v?.deliveredMap || v.deliveredMap.model === from) return v ? { ...v, targetsFrom: from } : v;
  return {
    ...v, targetsFrom: from, trust: v.trust === 'act' ? 'element' : v.trust,
    sentence: `${v.sentence} The target areas shown still come from the deployed CNN (${from}), not from the ${v.deliveredMap.label} map: read them with that caution.`,
  };
}

type Delivered = Awaited<ReturnType<typeof deliverTargets>>;

function saveDelivered(p: StepContext['project'], runId: number, spec: GridSpec, d: Delivered, support?: Float32Array): void {
  saveMap(p, runId, 'calibrated', spec, d.calibrated);
  if (support) saveMap(p, runId, 'sampling-support', spec, support);
  saveMap(p, runId, 'target-classes', spec, d.classes);
  if (d.uncertainty) saveMap(p, runId, 'uncertainty', spec, d.uncertainty);
}

/** Calibration, uncertainty, target areas and their drivers from the deployed model (see deliver-targets.ts). */
async function deliverFor(ctx: StepContext, stored: StoredModel, stack: GridStack, dense: Float32Array, foldMaps: Float32Array[],
  heldOut: FoldResult[], windows: Window[], cells: DepositCell[], support: SamplingSupport | undefined, cellCalibration?: CellCalibration, delivered?: { model: string; label: string; reason: string }): Promise<Delivered> {
  const model = await deserializeModel({ modelJson: stored.modelJson, weights: stored.weights });
  try {
    const ds = latestDatasetParams(ctx.project);
    const t = ctx.config.train;
    const pos = windows.filter((w) => w.label === 1).length;
    return await deliverTargets({
      model, stack, elements: stored.elements, windowSize: stored.windowSize, inputSize: stored.inputSize, mask: validMask(stack), dense, foldMaps,
      heldOut, deposits: cells, trainingWindows: windows.filter((w) => w.label === 0),
      trainingRate: t.classWeights === 'balanced' ? 0.5 : pos / Math.max(1, windows.length),
      slideRadius: Math.floor(stored.windowSize * (ds?.slideFraction ?? 0.35)), targetShare: ctx.config.predict.targetShare, cellCalibration, delivered, support,
    }, { signal: ctx.signal });
  } finally {
    model.dispose();
  }
}

async function evaluateTransfer(ctx: StepContext, predictRunId: number, source: string, paper: ProtocolScores, tiles: TileResult[], spec: GridSpec,
  dense: Float32Array | null): Promise<StepOutcome<'evaluate'>> {
  const { project: p, config } = ctx;
  const threshold = config.predict.threshold;
  const labelsKnown = countDeposits(p) > 0;
  const transfer = labelsKnown
    ? paperScores(tiles, config,
      `Model trained on another study area (${source}): no deposit, window or statistic of this area was used to fit it, so these ${config.predict.tileRows} x ${config.predict.tileCols} tile scores are held out.`,
      'other-area-model')
    : null;
  let curves: EvaluationCurves | null = null;
  if (dense && labelsKnown) {
    const stack = loadGridStack(p, listGridElements(p), 'raw');
    const cells = projectDepositCells(p, spec);
    const mask = validMask(stack);
    curves = {
      predictionRate: { label: 'Prediction-rate curve: every known deposit of this area, none of them seen by the model.', ...rateCurve(dense, spec.width, mask, cells) },
      paIntersection: paIntersection(dense, spec.width, mask, cells),
    };
  }
  const summary: TransferEvaluateResult = {
    kind: 'transfer', paper, transfer, curves, modelSource: source, labelsKnown, predictRunId,
    note: labelsKnown ? undefined : 'This area has no known deposits: its predictions cannot be scored, only mapped.',
  };
  const runId = p.transaction(() => insertRun(p, { step: 'evaluate', params: { threshold, modelSource: source }, seed: config.seed, metrics: summary, parentId: predictRunId }));
  return { step: 'evaluate', runIds: [runId], summary, files: [] };
}
