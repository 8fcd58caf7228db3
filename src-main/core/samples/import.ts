// Sample table -> projected points in ppm, per-row records for the project store, and a report of every decision
// (duplicates, censored values, sentinels, units, CRS, coverage, campaigns) so that the user can check what was done
// to the data. Each stage is a module of its own; this file only runs them in order.
import type { TaskOptions } from '../types';
import { capCensoredSubstitutes } from './censor-cap';
import { applyCensoring } from './censoring';
import { placeRows } from './coordinates';
import { handleDuplicateCoordinates } from './duplicates';
import type { SampleImport, SampleImportOptions } from './import-types';
import { readRows } from './read-rows';
import { buildResult } from './report';

export type {
  ElementReport, Extent, ImportReport, SampleCell, SampleImport, SampleImportOptions, SampleRecord, SampleStatus,
} from './import-types';

/** Imports a sample table: see SampleImportOptions for every choice and ImportReport for what is reported. */
export async function importSamples(file: string, options: SampleImportOptions = {}, opts: TaskOptions = {}): Promise<SampleImport> {
  const rows = await readRows(file, options, opts);
  const notes = [...rows.map.notes];
  if (rows.detected.renamedHeaders.length) notes.push(`renamed headers: ${rows.detected.renamedHeaders.join('; ')}`);
  // A GIS layer states its CRS: it stands in for --crs (which still wins when given).
  const layer = rows.detected.layer;
  if (layer) {
    notes.push(`read layer '${layer.name}' of the ${layer.format}; X and Y from its geometry, rows numbered by feature id`);
    if (layer.crs && (options.crs == null || options.crs === '')) options = { ...options, crs: layer.crs };
  }
  const placed = placeRows(rows, options, notes, opts);
  applyCensoring(rows, options, notes);
  const capped = capCensoredSubstitutes(rows, options, notes);
  const duplicateCoordinates = handleDuplicateCoordinates(rows, placed, options, notes);
  const result = buildResult(rows, placed, duplicateCoordinates, options, notes);
  result.report.warnings.unshift(...capped);
  opts.onProgress?.({ step: 'import', done: 1, total: 1, message: `${result.report.rowsKept} samples kept of ${rows.rowsRead} rows` });
  return result;
}
