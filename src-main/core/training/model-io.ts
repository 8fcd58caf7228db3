import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ProspectError } from '../types';
// The custom layers must be registered before a model that uses them is deserialised.
import '../models/channel-ops';

/** A model as plain data, for the project file: model.json text (tfjs-node layout) and the weights.bin bytes. */
export interface SerializedModel {
  modelJson: string;
  weights: Uint8Array;
}

function joinWeights(data: tf.io.WeightData | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

function modelJsonOf(a: tf.io.ModelArtifacts): string {
  // The layout tfjs-node's file:// handler writes, so that either side reads the other's folders.
  return JSON.stringify({
    modelTopology: a.modelTopology,
    format: a.format ?? 'layers-model',
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
    weightsManifest: [{ paths: ['./weights.bin'], weights: a.weightSpecs ?? [] }],
    ...(a.trainingConfig ? { trainingConfig: a.trainingConfig } : {}),
    ...(a.userDefinedMetadata ? { userDefinedMetadata: a.userDefinedMetadata } : {}),
  });
}

function artifactsOf(modelJson: string, weights: Uint8Array, where: string): tf.io.ModelArtifacts {
  let j: {
    modelTopology?: object;
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    trainingConfig?: tf.io.TrainingConfig;
    userDefinedMetadata?: { [key: string]: {} };
  };
  try {
    j = JSON.parse(modelJson);
  } catch (e) {
    throw new ProspectError(`${where} is not valid JSON (${(e as Error).message}): re-save the model.`, 'BAD_MODEL', { file: where });
  }
  if (!j.modelTopology || !Array.isArray(j.weightsManifest)) {
    throw new ProspectError(`${where} has no modelTopology or weightsManifest: it is not a tfjs layers model.`, 'BAD_MODEL', { file: where });
  }
  const weightSpecs = j.weightsManifest.flatMap((g) => g.weights);
  const copy = weights.slice().buffer;
  return {
    modelTopology: j.modelTopology,
    format: j.format,
    generatedBy: j.generatedBy,
    convertedBy: j.convertedBy ?? undefined,
    trainingConfig: j.trainingConfig,
    userDefinedMetadata: j.userDefinedMetadata,
    weightSpecs,
    weightData: copy,
  };
}

/** Serialises a model to { modelJson, weights } without touching the file system. */
export async function serializeModel(model: tf.LayersModel): Promise<SerializedModel> {
  let out: SerializedModel | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      out = { modelJson: modelJsonOf(a), weights: joinWeights(a.weightData) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!out) throw new Error('model.save did not call the save handler');
  return out;
}

export async function deserializeModel(s: SerializedModel): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(artifactsOf(s.modelJson, s.weights, 'the stored model')));
}

/** Writes model.json + weights.bin into `dir` (created if needed), as tfjs-node's file:// handler does. */
export async function saveModelFolder(model: tf.LayersModel, dir: string): Promise<void> {
  const s = await serializeModel(model);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'weights.bin'), s.weights);
  await writeFile(path.join(dir, 'model.json'), s.modelJson);
}

/** model.json text and the concatenated weights of a folder written by saveModelFolder or by tfjs-node. */
export async function readModelFolder(dir: string): Promise<SerializedModel> {
  const jsonPath = path.join(dir, 'model.json');
  let text: string;
  try {
    text = await readFile(jsonPath, 'utf8');
  } catch {
    throw new ProspectError(`No model.json in ${dir}: choose a folder that holds a saved model.`, 'NO_MODEL', { file: jsonPath });
  }
  let manifest: { paths: string[] }[];
  try {
    manifest = (JSON.parse(text) as { weightsManifest?: { paths: string[] }[] }).weightsManifest ?? [];
  } catch (e) {
    throw new ProspectError(`${jsonPath} is not valid JSON (${(e as Error).message}).`, 'BAD_MODEL', { file: jsonPath });
  }
  const parts: Uint8Array[] = [];
  for (const group of manifest) {
    for (const p of group.paths) {
      const file = path.join(dir, p);
      try {
        parts.push(new Uint8Array(await readFile(file)));
      } catch {
        throw new ProspectError(`Weights file ${file} named by ${jsonPath} is missing: copy the whole model folder.`, 'NO_WEIGHTS', { file });
      }
    }
  }
  const total = parts.reduce((s, p) => s + p.length, 0);
  const weights = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    weights.set(p, o);
    o += p.length;
  }
  return { modelJson: text, weights };
}

/** Reads a folder written by saveModelFolder or by tfjs-node's model.save('file://...'). */
export async function loadModelFolder(dir: string): Promise<tf.LayersModel> {
  const s = await readModelFolder(dir);
  return tf.loadLayersModel(tf.io.fromMemory(artifactsOf(s.modelJson, s.weights, path.join(dir, 'model.json'))));
}
