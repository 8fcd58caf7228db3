// Stage 2b of the sample import: a below-detection substitute must not sit above what the same lab measured. A
// campaign whose stated detection limit exceeds its own real values (Katanning Ag: '<0.1 ppm' beside a measured
// 0.05, while no other campaign measured above 0.059) would otherwise put its not-detected samples in the top class.
//
// Rule (documented in the import report): per element and campaign (the whole column where the samples carry no
// campaign), the effective detection limit of a censored cell is min(its stated or estimated limit, the lowest real
// value of that element and campaign); the substitute is the import's rule (DL/2, DL/sqrt(2), 0.65 DL) applied to it,
// so it stays below the lowest real value. Where no real value exists in the campaign, nothing is capped but a limit
// above real values of other campaigns is flagged.
import { looksLikeCampaigns } from './campaign-column';
import { TO_PPM } from './columns';
import type { SampleImportOptions } from './import-types';
import { CODE_MASK, FLAG_CODE, type ReadRows } from './read-rows';
import { substituteCensored } from './values';

const NONE = -1;

interface Group { lowest: number; capped: number; censored: number; dlMax: number; realBelow: number }

/** The samples' campaign of each row, or -1 for all when the column does not group them (then the whole column is one). */
function groupsOf(rows: ReadRows): Int32Array {
  const col = rows.campaignColumn;
  if (!col) return new Int32Array(rows.n).fill(NONE);
  const distinct = new Set(rows.campaign).size;
  if (col.how !== 'given' && !looksLikeCampaigns(distinct, rows.n)) return new Int32Array(rows.n).fill(NONE);
  return rows.campaign;
}

const fmt = (v: number) => String(+v.toPrecision(3));

/** Caps below-detection substitutes per element and campaign; returns the import warnings naming what was capped. */
export function capCensoredSubstitutes(rows: ReadRows, options: SampleImportOptions, notes: string[]): string[] {
  const rule = options.censoredRule ?? 'sqrt2';
  const factor = substituteCensored(1, rule);
  const group = groupsOf(rows);
  const warnings: string[] = [];
  const name = (c: number) => (c !== NONE ? rows.campaignNames[c] : group === rows.campaign ? '(none)' : '(all samples)');
  for (let e = 0; e < rows.map.elements.length; e++) {
    const V = rows.V[e], F = rows.F[e];
    const groups = new Map<number, Group>();
    const get = (c: number) => {
      let g = groups.get(c);
      if (!g) groups.set(c, (g = { lowest: Infinity, capped: 0, censored: 0, dlMax: 0, realBelow: 0 }));
      return g;
    };
    let lowestAll = Infinity;
    for (let i = 0; i < rows.n; i++) {
      if ((F[i] & CODE_MASK) === FLAG_CODE.ok && V[i] > 0) {
        const g = get(group[i]);
        if (V[i] < g.lowest) g.lowest = V[i];
        if (V[i] < lowestAll) lowestAll = V[i];
      }
    }
    for (let i = 0; i < rows.n; i++) {
      if ((F[i] & CODE_MASK) !== FLAG_CODE.censored || !Number.isFinite(V[i])) continue;
      const g = get(group[i]);
      g.censored++;
      const dl = V[i] / factor;
      if (dl > g.dlMax) g.dlMax = dl;
      // A hair of tolerance: V was computed from dl by the same rule.
      if (Number.isFinite(g.lowest) && dl > g.lowest * (1 + 1e-9)) {
        V[i] = substituteCensored(g.lowest, rule);
        g.capped++;
        const r = rows.recIdx[i];
        if (r >= 0) rows.records[r].cells[e].value = V[i] * TO_PPM[rows.units[e]];
      }
    }
    const el = rows.map.elements[e].element;
    const unit = rows.units[e];
    for (const [c, g] of groups) {
      if (g.capped) {
        for (let i = 0; i < rows.n; i++) {
          if (group[i] === c && (F[i] & CODE_MASK) === FLAG_CODE.ok && V[i] > 0 && V[i] < g.dlMax) g.realBelow++;
        }
        warnings.push(`${el}, campaign ${name(c)}: the detection limit (up to ${fmt(g.dlMax)} ${unit}) exceeds ${g.realBelow} of the ` +
          `campaign's real values (lowest ${fmt(g.lowest)} ${unit}); ${g.capped} of its ${g.censored} below-detection values are ` +
          `substituted from the lowest real value (${fmt(substituteCensored(g.lowest, rule))} ${unit}) instead, so that none sits ` +
          'above what the lab measured');
      } else if (!Number.isFinite(g.lowest) && g.censored && g.dlMax > lowestAll) {
        warnings.push(`${el}, campaign ${name(c)}: no real value, and its detection limit (up to ${fmt(g.dlMax)} ${unit}) exceeds ` +
          `real values of other campaigns (lowest ${fmt(lowestAll)} ${unit}): its ${g.censored} below-detection values ` +
          `(${fmt(substituteCensored(g.dlMax, rule))} ${unit} at most) may sit above real measurements`);
      }
    }
  }
  if (warnings.length) {
    notes.push('below-detection substitutes are capped per element and campaign: the rule applies to min(detection limit, ' +
      'the lowest real value of the same element and campaign), so no substitute exceeds a real value of its campaign');
  }
  return warnings;
}
