// The training set and the training run: the dataset's windows, the live curve of the running train job and its
// last figures, all cleared when the dataset or train step runs again.
import { reactive } from 'vue';
import { invoke, on } from '../api';
import type { WindowDto } from '../../../src-preload/contract';
import { cacheOf } from './invalidate';
import { guarded, projectPath, session } from './session';

export interface TrainPoint {
  epoch: number;
  loss?: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
}

export const training = reactive({
  windows: [] as WindowDto[],
  /** Live points of the running train job. */
  curve: [] as TrainPoint[],
  status: '' as '' | 'running' | 'done' | 'cancelled',
  lastMetrics: {} as Record<string, number>,
});

cacheOf('dataset', () => {
  training.windows = [];
});
// The live curve is the running job's, not a stored result: a new train job starts it afresh (steps.ts).
cacheOf('project', () => {
  training.curve = [];
  training.lastMetrics = {};
  training.status = '';
});

on('job.progress', (p) => {
  if (!session.job || p.jobId !== session.job.id) return;
  session.job.progress = p;
  if (p.step === 'train' && p.metrics) {
    training.lastMetrics = p.metrics;
    const epoch = p.metrics.epoch;
    if (epoch !== undefined && (p.metrics.loss !== undefined || p.metrics.accuracy !== undefined)) {
      const last = training.curve[training.curve.length - 1];
      const point: TrainPoint = {
        epoch, loss: p.metrics.loss, accuracy: p.metrics.accuracy ?? p.metrics.acc,
        valLoss: p.metrics.valLoss ?? p.metrics.val_loss, valAccuracy: p.metrics.valAccuracy ?? p.metrics.val_accuracy,
      };
      if (last && last.epoch === epoch) training.curve[training.curve.length - 1] = point;
      else training.curve.push(point);
    }
  }
});

export async function loadWindows(): Promise<void> {
  const r = await guarded(() => invoke('data.windows', { project: projectPath() }));
  if (r) training.windows = r;
}
