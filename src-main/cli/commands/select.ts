import { runStep } from '../../core/app/pipeline';
import { Project } from '../../core/store/project';
import { required, type Args } from '../args';
import { configFromArgs } from '../config-flags';
import type { Output } from '../output';
import { printOutcome } from './print';

/** `prospect select`: with --json the line carries the per-element table as `selection` rows. */
export async function selectCommand(args: Args, out: Output, signal: AbortSignal) {
  const path = required(args, 'project', 'the project file');
  const config = configFromArgs(args);
  const p = Project.open(path);
  try {
    const o = await runStep(p, 'select', config, { signal, onProgress: out.progress });
    printOutcome(out, o);
    const s = o.summary;
    return {
      project: path,
      selected: s.selected,
      criterion: s.criterion,
      threshold: s.threshold,
      holm: s.holm,
      excluded: s.excluded,
      warning: s.warning,
      selection: (s.rows ?? []).map((r) => ({
        element: r.element, auc: r.auc, se: r.se, zauc: r.zauc, p: r.p, zaucNull: r.zaucNull, pNull: r.pNull,
        pPermutation: r.pPermutation, pShift: r.pShift, shifts: r.shifts, pHolm: r.pHolm, ci95: r.ci95, selected: r.selected, direction: r.direction,
        campaignDriven: r.campaignDriven, excluded: r.excluded,
      })),
      runId: o.runIds[0],
    };
  } finally {
    p.close();
  }
}
