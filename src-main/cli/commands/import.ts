import { importDepositsStep, importGridsStep, importSamplesStep } from '../../core/app/steps/import-step';
import { Project } from '../../core/store/project';
import { ProspectError } from '../../core/types';
import type { ImportReport } from '../../core/samples/import';
import { required, str, type Args } from '../args';
import { depositOptions, sampleOptions } from '../import-options';
import type { Output } from '../output';
import { printImportReport } from './print-report';
import { printQuality } from './print-quality';

/**
 * `prospect import --project P --samples FILE | --deposits FILE | --grids DIR`. The project file is created on first
 * import; a failed import leaves it as it was (or leaves no file when it created it). Samples and deposits also come
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
  const { existsSync, rmSync } = await import('node:fs');
  const created = !existsSync(path);
  const p = Project.openOrCreate(path, str(args, 'name') ?? 'Study area');
  const common = { signal, onProgress: out.progress };
  try {
    const result = samples
      ? await importSamplesStep(p, samples, sampleOptions(args), common)
      : deposits
        ? await importDepositsStep(p, deposits, depositOptions(args), common)
        : await importGridsStep(p, grids!, { crs: str(args, 'crs'), transform: str(args, 'transform') as 'none' | 'log10' | 'clr' | undefined }, common);
    printImportReport(out, result.report);
    if (samples) printQuality(out, result.report as unknown as ImportReport);
    return { project: path, kind: samples ? 'samples' : deposits ? 'deposits' : 'grids', ...result };
  } catch (e) {
    p.close();
    if (created) rmSync(path, { force: true });
    throw e;
  } finally {
    p.close();
  }
}
