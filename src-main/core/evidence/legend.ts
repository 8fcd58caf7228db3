// Class names for a categorical raster from a legend file: a CSV (code,name), a colour map (.clr / .txt as QGIS and
// GDAL write them: value R G B [A] [label]) or a QGIS style (.qml palette entries or category items).
import { readFileSync } from 'node:fs';
import { ProspectError } from '../types';

const unxml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export function readLegend(file: string): Map<number, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ProspectError(`${file}: the legend cannot be read (${(e as Error).message}).`, 'LEGEND_READ', { file });
  }
  const names = new Map<number, string>();
  if (/\.qml$/i.test(file)) {
    const re = /<(?:paletteEntry|item|category)\b([^>]*)>/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const attr = (k: string) => new RegExp(`\\b${k}="([^"]*)"`).exec(m![1])?.[1];
      const v = Number(attr('value')), label = attr('label');
      if (Number.isFinite(v) && label !== undefined && attr('value') !== '') names.set(v, unxml(label));
    }
    if (names.size === 0) throw new ProspectError(`${file}: no palette entries or categories with a value and a label.`, 'LEGEND_EMPTY', { file });
    return names;
  }
  const csv = /\.csv$/i.test(file);
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || /^INTERPOLATION:/i.test(t)) return;
    const cells = csv ? t.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1')) : t.split(/[\s,]+/);
    const code = Number(cells[0]);
    if (!Number.isFinite(code)) {
      if (i === 0 && csv) return; // a header row
      throw new ProspectError(`${file}, row ${i + 1}, column 1: '${cells[0].slice(0, 40)}' is not a class code.`, 'LEGEND_BAD_ROW',
        { file, row: i + 1, column: '1' });
    }
    // CSV: code,name. Colour maps: value R G B A label (label optional, possibly with spaces).
    const label = csv ? cells.slice(1).join(',') : (cells.length > 5 ? t.split(/[\s,]+/).slice(5).join(' ') : cells.length === 5 && !/^\d+$/.test(cells[4]) ? cells[4] : '');
    names.set(code, label || String(code));
  });
  if (names.size === 0) throw new ProspectError(`${file}: the legend lists no class.`, 'LEGEND_EMPTY', { file });
  return names;
}
