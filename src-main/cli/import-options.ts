// The import flags of the CLI as core options. Its own module: `prospect grid --samples` needs them without loading
// the import step and the project store.
import type { DepositImportOptions } from '../core/deposits/import';
import type { SampleImportOptions } from '../core/samples/import-types';
import { ProspectError } from '../core/types';
import { CENSORED_RULES, UNITS, ZERO_RULES, isOneOf, type Unit, type ZeroRule } from '../core/vocabulary';
import { bool, choice, num, str, type Args } from './args';

/** The flags sampleOptions reads: a sample table (`import --samples`, `grid --samples`). */
export const SAMPLE_FLAGS = [
  'x', 'y', 'crs', 'target-crs', 'map', 'elements', 'units', 'sample-id', 'campaign', 'zeros', 'zeros-share', 'censored',
  'encoding', 'delimiter', 'decimal-comma', 'sheet', 'layer',
] as const;

export const SAMPLE_FLAGS_HELP = `
  --x COL --y COL --crs EPSG:N   coordinate columns and their CRS   --target-crs EPSG:N   the project's CRS (first import)
  --map El=COL,...   element columns by name    --elements A,B   only these elements    --units El=ppb,...
  --sample-id COL    --campaign COL|none        --zeros censored|value  --zeros-share F (zeros read as below detection above this share; default 0.05)
  --censored half|sqrt2|0.65 (below-detection value)
  --encoding utf-8|gb18030|windows-1252|latin1|utf-16le   --delimiter C   --decimal-comma
  --sheet NAME (a spreadsheet's sheet)   --layer NAME (a GeoPackage or shapefile point layer)`;

/** The flags depositOptions reads (`import --deposits`). */
export const DEPOSIT_FLAGS = ['x', 'y', 'crs', 'target-crs', 'name-column', 'id-column', 'type-column', 'types', 'layer'] as const;

export const DEPOSIT_FLAGS_HELP = `
  --x COL --y COL --crs EPSG:N  --target-crs EPSG:N   --name-column COL  --id-column COL   --layer NAME
  --type-column COL --types Mine,Deposit   keep only the rows of these types`;

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
    decimalComma: bool(args, 'decimal-comma') || undefined,
    sheet: str(args, 'sheet'),
    layer: str(args, 'layer'),
    // --map Sn=Sn_INAA,W=W_INAA
    elements: mapping ? Object.fromEntries(mapping.split(',').map((kv) => kv.split('=').map((s) => s.trim()) as [string, string])) : undefined,
    wanted: str(args, 'elements')?.split(','),
    campaign: campaign === 'none' ? false : campaign,
    zeros: zerosRule(str(args, 'zeros')),
    // --zeros-share 0.1: the share of zeros above which a column's zeros are read as below detection (default 0.05)
    zerosShare: zerosShare(num(args, 'zeros-share')),
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

function zerosShare(v: number | undefined): number | undefined {
  if (v === undefined || (v >= 0 && v <= 1)) return v;
  throw new ProspectError(`--zeros-share must be a share between 0 and 1 (e.g. 0.05 for 5%), got ${v}.`, 'BAD_ARGS', { column: '--zeros-share' });
}
