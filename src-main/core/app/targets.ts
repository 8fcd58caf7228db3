// THE targets of the latest prediction: the paper's tiles at or above the prediction's threshold, ranked, with the
// elements driving each. One query, so the Targets screen, the report, the GeoPackage's targets layer and the export's
// targets.csv list the same tiles from the same threshold and elements, old project files included.
import { rankTargets, type Target } from '../evaluation/targets';
import type { TileResult } from '../results';
import { listGridElements } from '../store/grids-repo';
import { findPrediction } from '../store/predictions-repo';
import type { Project } from '../store/project';
import { latestRun } from '../store/runs-repo';
import { loadSelection } from '../store/selection-repo';
import type { GridSpec } from '../types';
import { loadGridStack } from './grid-stack';

export interface PredictionTargets {
  predictRunId: number;
  /** The threshold the prediction called its tiles at. */
  threshold: number;
  /** The model's elements that have a grid (drivers are measured on their z-scores). */
  elements: string[];
  targets: Target[];
  tiles: TileResult[];
  spec: GridSpec;
  dense: Float32Array | null;
}

/**
 * The latest prediction's targets, or null without a prediction. The threshold is the one the predict step ran with
 * (store/run-upgrade.ts fills it for older runs); the elements are the model's, or for runs stored before the predict
 * step listed them (upgraded to none) the latest selection's selected elements, restricted to those with a grid.
 */
export function latestPredictionTargets(p: Project): PredictionTargets | null {
  const run = latestRun(p, 'predict');
  const prediction = run && findPrediction(p, run.id);
  if (!run || !prediction) return null;
  const threshold = run.params.threshold;
  const listed = run.metrics?.elements ?? [];
  const have = new Set(listGridElements(p));
  const elements = (listed.length ? listed : loadSelection(p).filter((r) => r.selected).map((r) => r.element)).filter((e) => have.has(e));
  const stack = loadGridStack(p, elements, 'z');
  const { tiles, dense, spec } = prediction;
  return { predictRunId: run.id, threshold, elements, targets: rankTargets(tiles, stack, elements, { threshold }), tiles, spec, dense };
}
