import type { ImportReport } from '../../core/samples/import';
import { table, type Output } from '../output';

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

/** Coverage per element, the campaigns and every warning, after the import report. */
export function printQuality(out: Output, r: ImportReport): void {
  if (!Array.isArray(r.quality)) return;
  out.text(table(['element', 'measured', 'coverage', 'censored', 'zeros', 'as censored', 'not analysed', 'detection limits (ppm)'],
    r.quality.map((q) => [q.element, q.measured, pct(q.coverage), q.censored, q.zeros, q.zerosCensored, q.sentinel + q.missing,
      q.detectionLimits.join(' ')])));
  const c = r.campaigns;
  if (c?.column) {
    out.text(`campaigns: column '${c.column}' (${c.how}), ${c.campaigns.length} campaigns; level steps tested on ` +
      `${c.tested.length} neighbouring pairs within ${c.radius} m`);
    const els = r.quality.map((q) => q.element);
    out.text(table(['campaign', 'samples', ...els.map((e) => `${e} med`)],
      c.campaigns.map((k) => [k.campaign, k.samples, ...els.map((e) => {
        const s = k.elements.find((x) => x.element === e);
        return s?.median === null || s === undefined ? '-' : String(s.median);
      })])));
    for (const n of c.notes) out.text(`note: ${n}`);
  } else if (c) {
    out.text(`campaigns: no campaign column (${c.how}); pass --campaign COLUMN if the file has one`);
  }
  for (const w of r.warnings ?? []) out.text(`warning: ${w}`);
}
