import type { StepOutcome } from '../../core/steps/context';
import type { Output } from '../output';
import { table } from '../output';
import { printBackend } from './print-backend';

/** A short, readable account of a step for the terminal; the full outcome goes into the --json line. */
export function printOutcome(out: Output, o: StepOutcome): void {
  const s = o.summary as Record<string, unknown>;
  switch (o.step) {
    case 'grid':
      out.text(`grid: ${(s.elements as string[]).length} elements on ${s.width} x ${s.height} cells of ${Number(s.cellX).toFixed(1)} m (${s.crs}), ${Number(s.seconds).toFixed(1)} s`);
      break;
    case 'select': {
      const rows = s.rows as { element: string; auc: number; se: number; zauc: number; p: number; selected: boolean; direction: string }[];
      out.text(table(['element', 'AUC', 'SE', 'ZAUC', 'p', 'selected', 'direction'],
        rows.map((r) => [r.element, r.auc.toFixed(3), r.se.toFixed(3), r.zauc.toFixed(2), r.p.toExponential(1), r.selected ? 'yes' : 'no', r.direction])));
      out.text(`selected (ZAUC > ${s.threshold}): ${(s.selected as string[]).join(', ') || 'none'}`);
      break;
    }
    default:
      out.text(`${o.step}: ${JSON.stringify(s, (_k, v) => (Array.isArray(v) && v.length > 12 ? `[${v.length} items]` : v))}`);
  }
  if (o.step === 'train') printBackend(out, s);
  for (const f of o.files) out.text(`  wrote ${f}`);
}
