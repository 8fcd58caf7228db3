import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StoredModel } from '../store/models-repo';
import { readModelFolder } from '../training/model-io';
import { ProspectError } from '../types';

/*
 * An exported model folder is model.json + weights.bin (tfjs-node's layout) plus this card: what the network needs
 * to be applied to another study area (the element bands in order, the window it was trained on and the crop it
 * sees), which model.json alone does not say.
 */

export const MODEL_CARD = 'prospect-model.json';
const FORMAT = 'prospect-model/1';

interface Card {
  format: string;
  arch: string;
  elements: string[];
  windowSize: number;
  inputSize: number;
  zparams: StoredModel['zparams'];
  source: { project: string; runId: number; createdAt: string; backend: string | null };
}

export async function writeModelCard(dir: string, m: StoredModel, project: string): Promise<string> {
  const card: Card = {
    format: FORMAT,
    arch: m.arch,
    elements: m.elements,
    windowSize: m.windowSize,
    inputSize: m.inputSize,
    zparams: m.zparams,
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
  };
}
