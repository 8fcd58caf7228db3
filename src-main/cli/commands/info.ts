import { projectSummary, stepsToDo } from '../../core/app/pipeline';
import { Project } from '../../core/store/project';
import { required, type Args } from '../args';
import type { Output } from '../output';

export async function infoCommand(args: Args, out: Output) {
  const path = required(args, 'project', 'the project file');
  const p = Project.open(path, { readonly: true, check: true });
  try {
    const s = projectSummary(p);
    out.text(`${s.name} (${s.path}), CRS ${s.crs ?? 'not set'}`);
    out.text(`samples: ${s.samples.kept} kept of ${s.samples.total}; deposits: ${s.deposits}; grids: ${s.gridElements.join(', ') || 'none'}`);
    for (const st of s.steps) out.text(`  ${st.step.padEnd(9)} ${st.done ? `done (run ${st.runId})` : 'to do'}`);
    for (const m of s.missing) out.text(`missing: ${m}`);
    return { summary: s, todo: stepsToDo(p) };
  } finally {
    p.close();
  }
}
