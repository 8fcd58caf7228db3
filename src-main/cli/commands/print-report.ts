import type { AnyImportReport } from '../../core/results';
import type { Output } from '../output';
import { table } from '../output';

/** The import report as a geologist reads it: what was read, kept and done to each element. */
export function printImportReport(out: Output, r: AnyImportReport): void {
  if ('perElement' in r) {
    out.text(`${r.file}: ${r.rowsRead} rows read, ${r.rowsKept} kept; ${r.duplicatesExact} exact duplicate rows dropped, ` +
      `${r.duplicateCoordinates} duplicate coordinates (${r.duplicateCoordinatesRule}), ${r.badCoordinates} bad coordinates, ${r.outside} outside; ` +
      `${r.crs} -> ${r.targetCrs}; censored values -> ${r.censoredRule}`);
    out.text(table(['element', 'column', 'unit', 'kept', 'censored', 'neg. DL', 'missing', 'sentinel'],
      r.perElement.map((e) => [e.element, e.column, e.unitOriginal, e.kept, e.censored, e.negativeDL, e.missing, e.sentinel])));
    for (const n of r.notes ?? []) out.text(`note: ${n}`);
  } else if ('dir' in r) {
    out.text(`${r.dir}: ${r.elements.length} grids (${r.elements.join(', ')}), ${r.width} x ${r.height} cells of ${r.cellX} x ${r.cellY} m, ${r.crs}; transform ${r.transform}`);
  } else {
    out.text(`${r.file}: ${r.count} deposits (${r.format}), ${r.crs} -> ${r.targetCrs}, columns ${r.x} / ${r.y}`);
    for (const n of r.notes ?? []) out.text(`note: ${n}`);
  }
}
