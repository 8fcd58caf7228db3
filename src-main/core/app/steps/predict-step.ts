import { validMask } from '../../dataset/cells';
import { strideFraction } from '../resolve-dataset';
import { modelMaps } from '../../prediction/model-map';
import { tileGrid, tileLabels, tileValidFraction } from '../../prediction/tiling';
import type { PredictResult, StepOutcome, TileResult } from '../../results';
import { latestDatasetParams } from '../../store/datasets-repo';
import { countDeposits } from '../../store/deposits-repo';
import { projectDepositCells } from '../deposit-cells';
import { listGridElements, loadGrid, loadGridSpec } from '../../store/grids-repo';
import { loadGridStack } from '../grid-stack';
import { latestModel, type StoredModel } from '../../store/models-repo';
import { savePrediction } from '../../store/predictions-repo';
import { Project } from '../../store/project';
import { insertRun } from '../../store/runs-repo';
import { selectBackend } from '../../training/backend';
import { deserializeModel } from '../../training/model-io';
import { ProspectError, throwIfAborted } from '../../types';
import type { StepContext } from './context';
import { checkModelFits, isModelFolder, readExportedModel } from './model-card';

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
      const spec = loadGridSpec(other);
      return { model: { ...m, ...(spec ? { grid: { cellX: spec.cellX, cellY: spec.cellY, crs: spec.crs } } : {}) }, source: ctx.modelFrom };
    } finally {
      other.close();
    }
  }
  const m = latestModel(ctx.project);
  if (!m) throw new ProspectError(`${ctx.project.path} has no trained model yet; run the train step first.`, 'NO_MODEL');
  return { model: m, source: ctx.project.path };
}

/**
 * Predicts the paper's tiling (12 x 12 tiles numbered 1..144 row by row from the top-left) and the dense map, both
 * from windows at the model's training size and cell size. Unlike the paper, tiles are not resampled to the window:
 * a tile is scored by the windows centred in it (its score is their maximum; the mean is kept too), so the model
 * always sees the ground at the scale it learned, and no margin of a tile goes unseen.
 */
export async function predictStep(ctx: StepContext): Promise<StepOutcome<'predict'>> {
  const { project: p, config } = ctx;
  const { model: stored, source } = await modelFor(ctx);
  const have = new Set(listGridElements(p));
  const missing = stored.elements.filter((e) => !have.has(e));
  if (missing.length) {
    throw new ProspectError(`The model from ${source} needs grids of ${stored.elements.join(', ')}, but this project has no grid of ${missing.join(', ')}.`, 'MISSING_ELEMENTS', { column: missing[0] });
  }
  if (source !== p.path) {
    const spec = loadGridSpec(p)!;
    checkModelFits(stored, source, { spec, transforms: Object.fromEntries(stored.elements.map((e) => [e, loadGrid(p, e)!.transform.kind])) });
  }
  // Starting a backend can take seconds (wasm starts its threads): say so rather than leave training's last report up.
  ctx.onProgress?.({ step: 'predict', done: 0, total: 1, message: 'starting the backend' });
  const backend = await selectBackend(config.train.backend);
  const model = await deserializeModel({ modelJson: stored.modelJson, weights: stored.weights });
  ctx.onProgress?.({ step: 'predict', done: 0, total: 1, message: `windows (${backend.name})` });
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
    const S = stored.windowSize;
    // Tiles and the dense map in one pass of windows at the training size and cell size: a tile larger than a window
    // is scored by every lattice window centred in it (max and mean kept), a smaller one by the window centred on it.
    const scored = await modelMaps(
      { model, stack, elements: stored.elements, windowSize: S, inputSize: stored.inputSize, mask, strideFraction: strideFraction(config, latestDatasetParams(p)?.denseStrideFraction),
        tiles: tiles.map((t) => ({ id: t.id, row0: t.row0, col0: t.col0, rows: t.rows, cols: t.cols })) },
      { signal: ctx.signal, batch: 16, windowsPerCall: 32, onProgress: (pr) => ctx.onProgress?.({ ...pr, step: 'predict', message: 'windows' }) });
    const tileResults: TileResult[] = tiles.map((t, i) => {
      const sc = scored.tiles[i];
      const prob = valid[i] > 0 ? sc.max : null;
      return {
        number: t.id, tileRow: t.tileRow, tileCol: t.tileCol, row0: t.row0, col0: t.col0, rows: t.rows, cols: t.cols, extent: t.extent,
        validFraction: valid[i], label: labels[i], prob, probMean: valid[i] > 0 ? sc.mean : null, scoredBy: { how: sc.how, windows: sc.windows },
        predicted: prob === null ? null : prob >= config.predict.threshold ? 1 : 0,
        deposits: cells.filter((c) => c.row >= t.row0 && c.row < t.row0 + t.rows && c.col >= t.col0 && c.col < t.col0 + t.cols).map((c) => c.id ?? ''),
      };
    });
    throwIfAborted(ctx.signal);
    const dense = config.predict.dense ? scored.map : null;
    const idx = tileResults.filter((t) => t.prob !== null);
    const predictedTargets = tileResults.filter((t) => t.predicted === 1);
    const summary: PredictResult = {
      modelId: stored.id, modelSource: source, arch: stored.arch, elements: stored.elements, backend: backend.name,
      tiles: tiles.length, tilesPredicted: idx.length, windowsScored: scored.windows.length, tileRows: config.predict.tileRows, tileCols: config.predict.tileCols,
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
