import { chooseValidationFold } from '../../dataset/validation-fold';
import { extractWindows } from '../../dataset/windows';
import type { StepOutcome, TrainResult } from '../../results';
import { loadDataset } from '../../store/datasets-repo';
import { loadGrid } from '../../store/grids-repo';
import { loadGridStack } from '../grid-stack';
import { deleteCheckpoints, insertModel, SqliteCheckpointStore } from '../../store/models-repo';
import { finishRun, insertRun, unfinishedRun } from '../../store/runs-repo';
import { engineConfigFrom } from '../../training/engine-config';
import { startTrainingJob } from '../../training/job';
import { trainingWarnings } from '../../training/warnings';
import { ProspectError } from '../../types';
import type { StepContext } from './context';

/**
 * Trains the CNN on the dataset's windows: every fold but the validation fold trains, the validation fold is held
 * out (it is spatially blocked, so its scores are honest). The run row and a checkpoint per epoch are committed as
 * training goes, so a killed process resumes with `train --resume`; the model is stored when training ends.
 */
export async function trainStep(ctx: StepContext): Promise<StepOutcome<'train'>> {
  const { project: p, config } = ctx;
  const ds = loadDataset(p);
  const t = config.train;
  // Deployed = validated: the CV measured this procedure on folds; the model that is deployed is the same procedure
  // refitted on every window, border windows the folds dropped included. A fold is held out only when early stopping
  // needs one to watch, or when the user names one.
  const windows = ds.windows;
  const holdOut = t.validationFold !== 'auto' || !!t.earlyStoppingPatience;
  const validationFold = holdOut ? chooseValidationFold(windows.filter((w) => w.fold >= 0), t.validationFold) : null;
  const trainIdx: number[] = [];
  const valIdx: number[] = [];
  windows.forEach((w, i) => (validationFold !== null && w.fold === validationFold ? valIdx : trainIdx).push(i));
  if (trainIdx.length === 0) throw new ProspectError('Every window is in the validation fold; use more folds.', 'EMPTY_TRAINING_SET');
  const stack = loadGridStack(p, ds.elements, 'z');
  const x = extractWindows(stack, windows, ds.elements);
  const labels = Uint8Array.from(windows, (w) => w.label);
  const engine = engineConfigFrom(config, { inputSize: ds.params.cropSize });
  const params = { ...engine, datasetRunId: ds.runId, validationFold, elements: ds.elements, windowSize: ds.params.windowSize };

  // Continue the interrupted run when asked to (or when `run` finds one with the same parameters).
  const open = unfinishedRun(p, 'train');
  let runId: number;
  let resume = false;
  if (open && JSON.stringify(open.params) === JSON.stringify(params) && ctx.resume !== false) {
    runId = open.id;
    resume = true;
  } else {
    if (ctx.resume) {
      throw new ProspectError(open
        ? 'The interrupted training run used other parameters; run train without --resume to start again, or resume with the same flags.'
        : 'There is no interrupted training run to resume.', 'NOTHING_TO_RESUME');
    }
    if (open) finishRun(p, open.id, 'cancelled');
    runId = insertRun(p, { step: 'train', params, seed: config.seed, status: 'running', parentId: ds.runId });
  }
  const checkpoints = new SqliteCheckpointStore(p, runId);
  // A worker thread trains, so the caller (CLI, job host) stays responsive: Ctrl-C and cancel act at once.
  const job = startTrainingJob({ x, n: windows.length, size: ds.params.windowSize, channels: ds.elements.length, labels, trainIdx, valIdx },
    engine, { signal: ctx.signal, onProgress: ctx.onProgress, checkpoints, resume, backend: t.backend });
  const res = await job.result;

  const last = res.history[res.history.length - 1];
  const summary: TrainResult = {
    arch: t.arch, backend: res.backend.name, backendProvider: res.backend.provider, backendThreads: res.backend.threads, backendReasons: res.backend.reasons,
    backendAdapter: res.backend.adapter ?? null,
    epochs: res.epochsRun, resumedFromEpoch: res.resumedFromEpoch, batchSize: res.batchSize, microBatch: res.microBatch,
    accumulationSteps: res.accumulationSteps, notes: res.notes, trainWindows: trainIdx.length, validationWindows: valIdx.length,
    validationFold, finalLoss: last?.loss, finalAccuracy: last?.accuracy, valLoss: last?.valLoss, valAccuracy: last?.valAccuracy,
    seconds: res.timing.totalSeconds, imagesPerSecond: res.timing.imagesPerSecond, history: res.history,
    warnings: trainingWarnings(res.history, { n: valIdx.length, positives: valIdx.filter((i) => labels[i] === 1).length }),
  };
  const zparams = Object.fromEntries(ds.elements.map((e) => [e, loadGrid(p, e)!.transform]));
  p.transaction(() => {
    insertModel(p, {
      runId, arch: t.arch, elements: ds.elements, windowSize: ds.params.windowSize, inputSize: ds.params.cropSize,
      modelJson: res.artifacts.modelJson, weights: res.artifacts.weights, zparams, history: res.history, backend: res.backend.name,
    });
    finishRun(p, runId, 'done', summary, res.backend.name);
    deleteCheckpoints(p, runId);
  });
  return { step: 'train', runIds: [runId], summary, files: [] };
}
