import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StoredModel } from '../../store/models-repo';
import { readModelFolder } from '../../training/model-io';
import { ProspectError } from '../../types';

/*
 * An exported model folder is model.json + weights.bin (tfjs-node's layout) plus this card: what the network needs
 * to be applied to another study area (the element bands in order, the window it was trained on and the crop it
 * sees), which model.json alone does not say.
 */

export const MODEL_CARD = 'prospect-model.json';
const FORMAT = 'prospect-model/1';

/** How the model was trained and how it was validated, so a card read elsewhere says what its figures mean. */
export interface ModelProvenance {
  training: { windows: number; positives: number; negatives: number; epochs: number; validationFold: number | null; note: string };
  validation: { evaluateRunId: number; verdict: string | null; mapAuc: { model: string; mapAuc: number | null; lo: number | null; hi: number | null }[] } | null;
}

interface Card {
  format: string;
  arch: string;
  elements: string[];
  windowSize: number;
  inputSize: number;
  /** Per element: the transform (kind, floor for values <= 0) and the z-score parameters of the training area. */
  zparams: StoredModel['zparams'];
  grid?: StoredModel['grid'];
  provenance?: ModelProvenance;
  source: { project: string; runId: number; createdAt: string; backend: string | null };
}

export async function writeModelCard(dir: string, m: StoredModel, project: string, provenance?: ModelProvenance): Promise<string> {
  const card: Card = {
    format: FORMAT,
    arch: m.arch,
    elements: m.elements,
    windowSize: m.windowSize,
    inputSize: m.inputSize,
    zparams: m.zparams,
    ...(m.grid ? { grid: m.grid } : {}),
    ...(provenance ? { provenance } : {}),
    source: { project, runId: m.runId, createdAt: m.createdAt, backend: m.backend },
  };
  const file = path.join(dir, MODEL_CARD);
  await writeFile(file, JSON.stringify(card, null, 2));
  return file;
}

export async function isModelFolder(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

function need(ok: boolean, file: string, column: string, what: string): void {
  if (!ok) throw new ProspectError(`${file}: '${column}' must be ${what}.`, 'BAD_MODEL_CARD', { file, column });
}

/** A model exported by the export step (its `model/` folder), read back as the project store holds models. */
export async function readExportedModel(dir: string): Promise<StoredModel> {
  const file = path.join(dir, MODEL_CARD);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ProspectError(
      `${file} is missing: a model folder needs this card, which names the element bands and window the model was trained on. Use the model/ folder that 'prospect export' writes, or pass the project file instead.`,
      'NO_MODEL_CARD',
      { file },
    );
  }
  let card: Card;
  try {
    card = JSON.parse(text) as Card;
  } catch (e) {
    throw new ProspectError(`${file} is not valid JSON (${(e as Error).message}).`, 'BAD_MODEL_CARD', { file });
  }
  need(card.format === FORMAT, file, 'format', `'${FORMAT}'`);
  need(Array.isArray(card.elements) && card.elements.length > 0 && card.elements.every((e) => typeof e === 'string'), file, 'elements', 'a non-empty list of element names');
  need(Number.isInteger(card.windowSize) && card.windowSize > 0, file, 'windowSize', 'a positive whole number of cells');
  need(Number.isInteger(card.inputSize) && card.inputSize > 0 && card.inputSize <= card.windowSize, file, 'inputSize', 'a whole number no larger than windowSize');
  const { modelJson, weights } = await readModelFolder(dir);
  return {
    id: 0,
    runId: card.source?.runId ?? 0,
    arch: String(card.arch),
    elements: card.elements,
    windowSize: card.windowSize,
    inputSize: card.inputSize,
    modelJson,
    weights,
    zparams: card.zparams ?? {},
    history: null,
    backend: card.source?.backend ?? null,
    createdAt: card.source?.createdAt ?? '',
    ...(card.grid ? { grid: card.grid } : {}),
  };
}

/**
 * A model applies to another area only on cells of the size it was trained on (a window of S cells is S x cell
 * metres of ground) and on grids with the same transform; anything else is refused with the fix named.
 */
export function checkModelFits(m: StoredModel, source: string, here: { spec: { cellX: number; cellY: number }; transforms: Record<string, string> }): void {
  if (m.grid) {
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(a, b);
    if (rel(m.grid.cellX, here.spec.cellX) > 0.01 || rel(m.grid.cellY, here.spec.cellY) > 0.01) {
      throw new ProspectError(
        `The model from ${source} was trained on ${m.grid.cellX} x ${m.grid.cellY} m cells (a ${m.windowSize}-cell window is ${((m.windowSize * m.grid.cellX) / 1000).toFixed(1)} km); this project's grid has ${here.spec.cellX} x ${here.spec.cellY} m cells. Regrid this area with --cell ${m.grid.cellX} before predicting with it.`,
        'CELL_SIZE_MISMATCH', { file: source, column: 'cellSize' });
    }
  }
  for (const e of m.elements) {
    const want = m.zparams[e]?.kind;
    const have = here.transforms[e];
    if (want && have && want !== have) {
      throw new ProspectError(`The model from ${source} reads ${e} after a ${want} transform; this project's ${e} grid uses ${have}. Regrid with --transform ${want}.`,
        'TRANSFORM_MISMATCH', { file: source, column: e });
    }
  }
}
