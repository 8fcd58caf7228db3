import { importDepositsStep, importGridsStep, importSamplesStep } from '../../core/steps/import-step';
import { Project } from '../../core/store/project';
import { ProspectError } from '../../core/types';
import type { DepositImportOptions } from '../../core/deposits/import';
import type { ImportReport, SampleImportOptions } from '../../core/samples/import';
import type { Unit } from '../../core/samples/columns';
import { required, str, type Args } from '../args';
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

export function sampleOptions(args: Args): SampleImportOptions {
  const mapping = str(args, 'map');
  const campaign = str(args, 'campaign');
  return {
    x: str(args, 'x'),
    y: str(args, 'y'),
    crs: str(args, 'crs'),
    targetCrs: str(args, 'target-crs'),
    censoredRule: str(args, 'censored') as 'half' | 'sqrt2' | '0.65' | undefined,
    encoding: str(args, 'encoding') as SampleImportOptions['encoding'],
    delimiter: str(args, 'delimiter') as SampleImportOptions['delimiter'],
    decimalComma: args.flags.has('decimal-comma') || undefined,
    sheet: str(args, 'sheet'),
    layer: str(args, 'layer'),
    // --map Sn=Sn_INAA,W=W_INAA
    elements: mapping ? Object.fromEntries(mapping.split(',').map((kv) => kv.split('=').map((s) => s.trim()) as [string, string])) : undefined,
    wanted: str(args, 'elements')?.split(','),
    campaign: campaign === 'none' ? false : campaign,
    zeros: zerosRule(str(args, 'zeros')),
    sampleId: str(args, 'sample-id'),
    units: unitsOf(str(args, 'units')),
  };
}

/** `--deposits FILE`: coordinates, CRS (--target-crs only when the project has none yet), name and id columns, `--type-column COL --types Mine,Deposit`. */
export function depositOptions(args: Args): Omit<DepositImportOptions, 'targetCrs'> & { targetCrs?: string } {
  const types = str(args, 'types');
  return {
    x: str(args, 'x'), y: str(args, 'y'), crs: str(args, 'crs'), nameColumn: str(args, 'name-column'), idColumn: str(args, 'id-column'),
    targetCrs: str(args, 'target-crs'), layer: str(args, 'layer'), typeColumn: str(args, 'type-column'),
    types: types === undefined ? undefined : types.split(',').map((t) => t.trim()).filter((t) => t !== ''),
  };
}

const UNITS: readonly Unit[] = ['ppm', 'ppb', 'pct', 'ppt'];

/** --units Au=ppb,Cu=ppm */
function unitsOf(v: string | undefined): Record<string, Unit> | undefined {
  if (v === undefined) return undefined;
  return Object.fromEntries(v.split(',').map((kv) => {
    const [element, unit] = kv.split('=').map((s) => s.trim());
    if (!element || !UNITS.includes(unit as Unit)) {
      throw new ProspectError(`--units takes Element=unit pairs with a unit of ${UNITS.join(', ')}, e.g. Au=ppb; got '${kv}'.`,
        'BAD_ARGS', { column: '--units' });
    }
    return [element, unit as Unit];
  }));
}

function zerosRule(v: string | undefined): 'censored' | 'value' | undefined {
  if (v === undefined || v === 'censored' || v === 'value') return v;
  throw new ProspectError(`--zeros must be 'censored' or 'value', got '${v}'.`, 'BAD_ARGS', { column: '--zeros' });
}
