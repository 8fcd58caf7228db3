// The import flags of the CLI as core options. Its own module: `prospect grid --samples` needs them without loading
// the import step and the project store.
import type { DepositImportOptions } from '../core/deposits/import';
import type { SampleImportOptions } from '../core/samples/import-types';
import { ProspectError } from '../core/types';
import { CENSORED_RULES, UNITS, ZERO_RULES, isOneOf, type Unit, type ZeroRule } from '../core/vocabulary';
import { choice, str, type Args } from './args';

export function sampleOptions(args: Args): SampleImportOptions {
  const mapping = str(args, 'map');
  const campaign = str(args, 'campaign');
  return {
    x: str(args, 'x'),
    y: str(args, 'y'),
    crs: str(args, 'crs'),
    targetCrs: str(args, 'target-crs'),
    censoredRule: choice(args, 'censored', CENSORED_RULES),
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

/** --units Au=ppb,Cu=ppm */
function unitsOf(v: string | undefined): Record<string, Unit> | undefined {
  if (v === undefined) return undefined;
  return Object.fromEntries(v.split(',').map((kv) => {
    const [element, unit] = kv.split('=').map((s) => s.trim());
    if (!element || !isOneOf(UNITS, unit)) {
      throw new ProspectError(`--units takes Element=unit pairs with a unit of ${UNITS.join(', ')}, e.g. Au=ppb; got '${kv}'.`,
        'BAD_ARGS', { column: '--units' });
    }
    return [element, unit];
  }));
}

function zerosRule(v: string | undefined): ZeroRule | undefined {
  if (v === undefined || isOneOf(ZERO_RULES, v)) return v;
  throw new ProspectError(`--zeros must be ${ZERO_RULES.map((z) => `'${z}'`).join(' or ')}, got '${v}'.`, 'BAD_ARGS', { column: '--zeros' });
}
