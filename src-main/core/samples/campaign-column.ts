// Which column says which campaign (survey, company report, lab batch) a sample came from. Campaigns analysed with
// different digests and detection limits make steps in the maps that look like geology, so we look for one.
import { ProspectError } from '../types';

export interface CampaignColumn { column: string; index: number; how: string }

/** Name rules in order of trust: the first rule that matches a header wins. */
const RULES: [RegExp, string][] = [
  [/^(campaign|survey)(_?(id|no|name|code|number))?$/, "named 'campaign' or 'survey'"],
  [/^(wamex_?a_?no|a_?number|anumber|a_?no)$/, "a WAMEX report number ('WAMEX_A_NO', 'ANUMBER')"],
  [/^(report|company_?report)(_?(id|no|number))?$/, "named 'report'"],
  [/^(lab_?)?batch(_?(id|no|number))?$/, "named 'batch'"],
  [/^(lab_?)?job(_?(id|no|number))?$/, "named 'job'"],
  [/^(lab|laboratory)(_?(id|code|name))?$/, "named 'lab'"],
  [/^(project|dataset)(_?(id|no|code|name))?$/, "named 'project' or 'dataset'"],
];

const normal = (h: string): string => h.trim().toLowerCase().replace(/[\s.\-/]+/g, '_');

/**
 * The campaign column: the one given (an error naming the columns when it is absent), none when `given` is false,
 * else the first header matching a name rule. Whether its values look like campaigns is checked on the data.
 */
export function findCampaignColumn(
  headers: string[],
  given: string | false | undefined,
  file: string,
  headerRow: number,
): CampaignColumn | null {
  if (given === false) return null;
  if (given !== undefined && given !== '') {
    let i = headers.indexOf(given);
    if (i < 0) i = headers.findIndex((h) => h.toLowerCase() === given.toLowerCase());
    if (i < 0) {
      throw new ProspectError(`${file}, row ${headerRow}, column '${given}': there is no column '${given}' (the campaign ` +
        `column you chose). Columns: ${headers.slice(0, 40).join(', ')}${headers.length > 40 ? ', ...' : ''}.`,
      'MISSING_COLUMN', { file, row: headerRow, column: given });
    }
    return { column: headers[i], index: i, how: 'given' };
  }
  const names = headers.map(normal);
  for (const [re, how] of RULES) {
    const i = names.findIndex((n) => re.test(n));
    if (i >= 0) return { column: headers[i], index: i, how: `found by name (${how})` };
  }
  return null;
}

/**
 * A found column is a campaign column only when its values group the samples: at most one distinct value per five
 * samples (a sample id is not a campaign). A given column is always used.
 */
export function looksLikeCampaigns(distinct: number, samples: number): boolean {
  return distinct >= 1 && distinct <= Math.max(2, Math.floor(samples / 5));
}
