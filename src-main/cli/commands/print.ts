import type { AnyStepOutcome } from '../../core/results';
import type { Output } from '../output';
import { table } from '../output';

/** A short, readable account of a step for the terminal; the full outcome goes into the --json line. */
export function printOutcome(out: Output, o: AnyStepOutcome): void {
  switch (o.step) {
    case 'grid': {
      const s = o.summary;
      out.text(`grid: ${s.elements.length} elements on ${s.width} x ${s.height} cells of ${Number(s.cellX).toFixed(1)} m (${s.crs})${'seconds' in s ? `, ${s.seconds.toFixed(1)} s` : ''}`);
      if ('skipped' in s) for (const k of s.skipped) out.text(`  ${k.element} left out: ${k.valid} usable samples`);
      break;
    }
    case 'select': {
      const s = o.summary;
      out.text(table(['element', 'AUC', 'SE', 'ZAUC', 'p', 'selected', 'direction'],
        (s.rows ?? []).map((r) => [r.element, r.auc.toFixed(3), r.se.toFixed(3), r.zauc.toFixed(2), r.p.toExponential(1), r.selected ? 'yes' : 'no', r.direction])));
      out.text(`selected (ZAUC > ${s.threshold}): ${s.selected.join(', ') || 'none'}`);
      break;
    }
    default:
      out.text(`${o.step}: ${JSON.stringify(o.summary, (_k, v) => (Array.isArray(v) && v.length > 12 ? `[${v.length} items]` : v))}`);
  }
  for (const f of o.files) out.text(`  wrote ${f}`);
}
