import { validMask } from '../dataset/cells';
import { strideFraction } from '../dataset/resolve';
import { modelDenseMap } from '../prediction/model-map';
import { extractTiles, tileGrid, tileLabels, tileValidFraction } from '../prediction/tiling';
import type { PredictResult, StepOutcome, TileResult } from '../results';
import { latestDatasetParams } from '../store/datasets-repo';
import { countDeposits, projectDepositCells } from '../store/deposits-repo';
import { listGridElements, loadGridStack } from '../store/grids-repo';
import { latestModel, type StoredModel } from '../store/models-repo';
import { savePrediction } from '../store/predictions-repo';
import { Project } from '../store/project';
import { insertRun } from '../store/runs-repo';
import { selectBackend } from '../training/backend';
import { deserializeModel } from '../training/model-io';
import { predictProbabilities } from '../training/predict';
import { ProspectError, throwIfAborted } from '../types';
import type { StepContext } from './context';
import { isModelFolder, readExportedModel } from './model-card';

/**
 * The model of this project, or one from another study area for the generality check: that area's project file, or
 * the model/ folder its export step wrote.
 */
async function modelFor(ctx: StepContext): Promise<{ model: StoredModel; source: string }> {
  if (ctx.modelFrom && (await isModelFolder(ctx.modelFrom))) {
    return { model: await readExportedModel(ctx.modelFrom), source: ctx.modelFrom };
  }
  if (ctx.modelFrom) {
    const other = Project.open(ctx.modelFrom, { readonly: true });
    try {
      const m = latestModel(other);
      if (!m) throw new ProspectError(`${ctx.modelFrom} holds no trained model.`, 'NO_MODEL', { file: ctx.modelFrom });
      return { model: m, source: ctx.modelFrom };
    } finally {
      other.close();
    }
  }
  const m = latestModel(ctx.project);
  if (!m) throw new ProspectError(`${ctx.project.path} has no trained model yet; run the train step first.`, 'NO_MODEL');
  return { model: m, source: ctx.project.path };
}

/**
 * Predicts the paper's tiling (12 x 12 tiles numbered 1..144 row by row from the top-left), each tile resampled to the
 * model's window, and a dense probability map by sliding windows with overlap averaging, masked to the surveyed area.
 */
export async function predictStep(ctx: StepContext): Promise<StepOutcome<'predict'>> {
  const { project: p, config } = ctx;
  const { model: stored, source } = await modelFor(ctx);
  const have = new Set(listGridElements(p));
  const missing = stored.elements.filter((e) => !have.has(e));
  if (missing.length) {
    throw new ProspectError(`The model from ${source} needs grids of ${stored.elements.join(', ')}, but this project has no grid of ${missing.join(', ')}.`, 'MISSING_ELEMENTS', { column: missing[0] });
  }
  const backend = await selectBackend(config.train.backend);
  const model = await deserializeModel({ modelJson: stored.modelJson, weights: stored.weights });
  try {
    const stack = loadGridStack(p, stored.elements, 'z');
    const { spec } = stack;
    const mask = validMask(stack);
    const tiles = tileGrid(spec, { rows: config.predict.tileRows, cols: config.predict.tileCols });
    // A second study area may have no known deposits: it is still predicted, its tile labels are then unknown (0).
    const hasDeposits = countDeposits(p) > 0;
    const cells = hasDeposits ? projectDepositCells(p, spec) : [];
    const labels = tileLabels(tiles, cells);
    const valid = tileValidFraction(spec, mask, tiles);
    const toPredict = tiles.map((_, i) => valid[i] > 0);
    const idx = tiles.map((_, i) => i).filter((i) => toPredict[i]);
    const C = stored.elements.length;
    const S = stored.windowSize;
    const x = extractTiles(stack, idx.map((i) => tiles[i]), stored.elements, S);
    const probs = await predictProbabilities(model, x, idx.length, S, C, { inputSize: stored.inputSize, batch: 16, signal: ctx.signal,
      onProgress: (pr) => ctx.onProgress?.({ ...pr, step: 'predict', message: 'tiles' }) });
    const probOf = new Map(idx.map((i, k) => [i, probs[k]]));
    const tileResults: TileResult[] = tiles.map((t, i) => {
      const prob = probOf.get(i) ?? null;
      return {
        number: t.id, tileRow: t.tileRow, tileCol: t.tileCol, row0: t.row0, col0: t.col0, rows: t.rows, cols: t.cols, extent: t.extent,
        validFraction: valid[i], label: labels[i], prob, predicted: prob === null ? null : prob >= config.predict.threshold ? 1 : 0,
        deposits: cells.filter((c) => c.row >= t.row0 && c.row < t.row0 + t.rows && c.col >= t.col0 && c.col < t.col0 + t.cols).map((c) => c.id ?? ''),
      };
    });
    throwIfAborted(ctx.signal);

    let dense: Float32Array | null = null;
    if (config.predict.dense) {
      dense = await modelDenseMap(
        { model, stack, elements: stored.elements, windowSize: S, inputSize: stored.inputSize, mask, strideFraction: strideFraction(config, latestDatasetParams(p)?.denseStrideFraction) },
        { signal: ctx.signal, batch: 16, windowsPerCall: 32, onProgress: (pr) => ctx.onProgress?.({ ...pr, step: 'predict', message: 'dense map' }) });
    }
    const predictedTargets = tileResults.filter((t) => t.predicted === 1);
    const summary: PredictResult = {
      modelId: stored.id, modelSource: source, arch: stored.arch, elements: stored.elements, backend: backend.name,
      tiles: tiles.length, tilesPredicted: idx.length, tileRows: config.predict.tileRows, tileCols: config.predict.tileCols,
      threshold: config.predict.threshold, predictedTargets: predictedTargets.map((t) => t.number),
      confirmed: predictedTargets.filter((t) => t.label === 1).map((t) => t.number),
      newTargets: predictedTargets.filter((t) => t.label === 0).map((t) => t.number),
      dense: dense !== null,
      labelsKnown: hasDeposits,
    };
    const runId = p.transaction(() => {
      const id = insertRun(p, { step: 'predict', params: { ...config.predict, modelId: stored.id, modelSource: source }, seed: config.seed, metrics: summary, backend: backend.name });
      savePrediction(p, id, stored.id, spec, tileResults, dense);
      return id;
    });
    return { step: 'predict', runIds: [runId], summary, files: [] };
  } finally {
    model.dispose();
  }
}
