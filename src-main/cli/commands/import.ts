import { importDepositsStep, importGridsStep, importSamplesStep } from '../../core/app/steps/import-step';
import { Project } from '../../core/store/project';
import { ProspectError } from '../../core/types';
import { choice, refuseOthers, required, str, type Args } from '../args';
import { TRANSFORMS } from '../../core/vocabulary';
import { GLOBAL_FLAGS } from '../flags';
import { DEPOSIT_FLAGS, depositOptions, SAMPLE_FLAGS, sampleOptions } from '../import-options';
import type { Output } from '../output';
import { printImportReport } from './print-report';
import { printQuality } from './print-quality';

/**
 * `prospect import --project P --samples FILE | --deposits FILE | --grids DIR`. The project file is created on first
 * import, under a temporary name moved into place when the import succeeded; a failed import leaves it as it was
 * (or leaves no file when it created it, and never removes one another process made meanwhile). Samples and deposits also come
 * from a point layer of a GeoPackage or a shapefile, chosen with --layer NAME.
 */
export async function importCommand(args: Args, out: Output, signal: AbortSignal) {
  const path = required(args, 'project', 'the project file to import into');
  const samples = str(args, 'samples');
  const deposits = str(args, 'deposits');
  const grids = str(args, 'grids');
  if ([samples, deposits, grids].filter(Boolean).length !== 1) {
    throw new ProspectError('Give exactly one of --samples FILE, --deposits FILE or --grids DIR.', 'BAD_ARGS', { column: '--samples' });
  }
  // The flags of another kind of import are refused, not ignored.
  const kind = samples ? SAMPLE_FLAGS : deposits ? DEPOSIT_FLAGS : ['crs', 'transform'];
  refuseOthers(args, ['project', 'name', 'samples', 'deposits', 'grids', ...GLOBAL_FLAGS, ...kind],
    samples ? 'import --samples' : deposits ? 'import --deposits' : 'import --grids');
  const p = Project.openOrCreate(path, str(args, 'name') ?? 'Study area');
  const common = { signal, onProgress: out.progress };
  try {
    const result = samples
      ? await importSamplesStep(p, samples, sampleOptions(args), common)
      : deposits
        ? await importDepositsStep(p, deposits, depositOptions(args), common)
        : await importGridsStep(p, grids!, { crs: str(args, 'crs'), transform: choice(args, 'transform', TRANSFORMS) }, common);
    printImportReport(out, result.report);
    if ('perElement' in result.report) printQuality(out, result.report);
    p.commit();
    return { project: path, kind: samples ? 'samples' : deposits ? 'deposits' : 'grids', ...result };
  } finally {
    p.close();
  }
}
