// Guessing what an evidence layer is from its data, with the reason shown to the user for confirming.
import type { VectorLayer } from './vector/geometry';
import type { EvidenceKind } from './types';
import type { Vat } from './vat';

export interface KindGuess {
  kind: EvidenceKind;
  reason: string;
  /** For polygons: the attribute that holds the classes. */
  field?: string;
}

/** Most distinct integer codes a categorical raster is taken to have (GIS unit maps rarely pass ~100). */
export const MAX_CLASSES = 255;

/**
 * Rasters: values with a fraction -> continuous; integers with a named attribute table, or few distinct values -> categorical;
 * many distinct integers, or a dense run of them (a DEM or a distance stored as integers) -> continuous.
 */
export function guessRasterKind(values: Float32Array, vat: Vat | null = null): KindGuess {
  const distinct = new Set<number>();
  let fractional = false, min = Infinity, max = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (!fractional && v !== Math.round(v)) fractional = true;
    if (distinct.size <= MAX_CLASSES) distinct.add(v);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (distinct.size === 0) return { kind: 'continuous', reason: 'the raster has no valid cell' };
  if (fractional) return { kind: 'continuous', reason: `values with fractions (${+min.toPrecision(4)} to ${+max.toPrecision(4)}): a measured quantity` };
  if (vat?.names) {
    return { kind: 'categorical', reason: `integer codes with names in its attribute table (${vat.file.split(/[\\/]/).pop()}, column ${vat.nameField})` };
  }
  const k = distinct.size;
  if (k > MAX_CLASSES) {
    return { kind: 'continuous', reason: `more than ${MAX_CLASSES} distinct integer values (${min} to ${max}): a measured quantity stored as integers` };
  }
  const dense = k >= 0.9 * (max - min + 1);
  if (k > 30 && dense) {
    return { kind: 'continuous', reason: `${k} distinct integers filling the run ${min} to ${max}: a measured quantity stored as integers` };
  }
  return {
    kind: 'categorical',
    reason: `${k} distinct integer codes (${min} to ${max})${vat ? ', with an attribute table of codes' : ''}: classes such as geological units`,
  };
}

const UNIT_FIELD = /unit|code|lith|strat|geol|formation|class|rock|name|type/i;

/** Vectors: lines -> distance, points -> distance, polygons -> categorical by the attribute that looks like units. */
export function guessVectorKind(layer: VectorLayer, field?: string): KindGuess {
  if (layer.geometryType === 'lines') return { kind: 'distance', reason: `${layer.features.length} lines (faults, contacts): distance from them in metres` };
  if (layer.geometryType === 'points') return { kind: 'distance', reason: `${layer.features.length} points: distance to the nearest in metres` };
  const distinct = (f: string) => new Set(layer.features.map((x) => x.attributes[f]).filter((v) => v !== null && v !== '')).size;
  const candidates = layer.fields.filter((f) => { const k = distinct(f); return k >= 2 && k <= MAX_CLASSES; });
  const chosen = field ?? candidates.find((f) => UNIT_FIELD.test(f)) ?? candidates[0] ?? layer.fields[0];
  return {
    kind: 'categorical', field: chosen,
    reason: `${layer.features.length} polygons: classes of their attribute '${chosen}' (${chosen ? distinct(chosen) : 0} values)` +
      (field ? '' : `; other attributes: ${layer.fields.filter((f) => f !== chosen).join(', ') || 'none'}`),
  };
}
