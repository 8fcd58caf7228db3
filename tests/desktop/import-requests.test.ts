// The import and inspection requests are checked field by field in main: the renderer is untrusted.
import { describe, expect, it } from 'vitest';
import { optRecordOf, optStrList, optStrOrFalse, shape } from '../../src-main/node/validate';
import { ProspectError } from '../../src-main/core/types';

const deposits = (req: unknown) => shape('import.deposits', req, { typeColumn: optStrOrFalse, types: optStrList });
const units = (req: unknown) => shape('import.samples', req, { units: optRecordOf(['ppm', 'ppb', 'pct', 'ppt'] as const), campaign: optStrOrFalse });

function refused(fn: () => unknown, field: string): void {
  expect(fn).toThrow(ProspectError);
  try {
    fn();
  } catch (e) {
    expect((e as ProspectError).code).toBe('BAD_REQUEST');
    expect((e as ProspectError).message).toContain(field);
  }
}

describe('import request checks', () => {
  it('passes well-formed lists, unit maps and a campaign of false', () => {
    expect(deposits({ typeColumn: 'SITE_TYPE_', types: ['Mine', 'Deposit'] })).toEqual({ typeColumn: 'SITE_TYPE_', types: ['Mine', 'Deposit'] });
    expect(units({ units: { Au: 'ppb' }, campaign: false })).toEqual({ units: { Au: 'ppb' }, campaign: false });
    expect(units({})).toEqual({});
  });

  it('refuses a type list that is not a list of strings, a unit it does not know, and a campaign of true', () => {
    refused(() => deposits({ types: 'Mine' }), 'types');
    refused(() => deposits({ types: ['Mine', 3] }), 'types[1]');
    refused(() => deposits({ types: [''] }), 'types[0]');
    refused(() => units({ units: { Au: 'g/t' } }), 'units.Au');
    refused(() => units({ units: ['ppm'] }), 'units');
    refused(() => units({ campaign: true }), 'campaign');
  });
});
