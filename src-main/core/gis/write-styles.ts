// A FILE.qml beside each exported GeoTIFF and vector file: QGIS applies it when the file is opened.
import { readFile, writeFile } from 'node:fs/promises';
import { fromFile } from 'geotiff';
import { classifyFile, type ClassifiedFile } from './classify';
import {
  depositsQml, elementQml, probabilityQml, samplesQml, targetAreasQml, targetsQml, tilesQml, supportQml, uncertaintyQml, windowsQml,
} from './layer-styles';
import type { Lang } from './names';
import { percentiles, palettedQml } from './qml';

export function qmlPath(file: string): string {
  return file.replace(/\.[^./\\]+$/, '') + '.qml';
}

async function readBand(file: string): Promise<{ values: ArrayLike<number>; nodata?: number; colorMap?: ArrayLike<number>; classes: Record<string, string> }> {
  const tiff = await fromFile(file);
  try {
    const img = await tiff.getImage();
    const [values] = (await img.readRasters({ interleave: false })) as unknown as ArrayLike<number>[];
    const nd = img.getGDALNoData();
    const meta = (await img.getGDALMetadata()) as Record<string, string> | null;
    const classes = Object.fromEntries(Object.entries(meta ?? {}).filter(([k]) => k.startsWith('CLASS_')).map(([k, v]) => [k.slice(6), v]));
    return { values, nodata: nd ?? undefined, colorMap: (await img.fileDirectory.loadValue('ColorMap')) as ArrayLike<number> | undefined, classes };
  } finally {
    await tiff.close();
  }
}

/** The peak scores of a target-areas GeoJSON (none when it is not one, e.g. the tile targets' fallback). */
async function peakScores(file: string): Promise<number[]> {
  try {
    const fc = JSON.parse(await readFile(file, 'utf8')) as { features?: { properties?: { peak_score?: unknown } }[] };
    return (fc.features ?? []).map((f) => f.properties?.peak_score).filter((v): v is number => typeof v === 'number');
  } catch {
    return [];
  }
}

/** The QML for one exported file. */
export async function styleFor(c: ClassifiedFile, lang: Lang = 'en'): Promise<string | null> {
  switch (c.kind) {
    case 'probability': {
      const b = await readBand(c.file);
      return probabilityQml(lang, b.values, b.nodata);
    }
    case 'uncertainty': {
      const b = await readBand(c.file);
      return uncertaintyQml(percentiles(b.values, 0, 0.99, b.nodata)[1], lang);
    }
    case 'support': {
      const b = await readBand(c.file);
      return supportQml(b.values, b.nodata, lang);
    }
    case 'element': {
      const b = await readBand(c.file);
      return elementQml(b.values, b.nodata, lang);
    }
    case 'classes': {
      const b = await readBand(c.file);
      if (!b.colorMap) return null;
      const present = new Set<number>();
      for (let i = 0; i < b.values.length; i++) if (b.values[i] !== b.nodata) present.add(b.values[i]);
      const cm = b.colorMap;
      return palettedQml([...present].sort((x, y) => x - y).map((v) => ({
        value: v, label: b.classes[String(v)] ?? String(v), color: [cm[v] >> 8, cm[256 + v] >> 8, cm[512 + v] >> 8] as const,
      })));
    }
    case 'targets': return c.stem === 'tile_targets' ? targetsQml(lang) : targetAreasQml(lang, await peakScores(c.file));
    case 'tiles': return tilesQml();
    case 'deposits': return depositsQml();
    case 'samples': return samplesQml();
    case 'windows': return windowsQml(lang);
  }
}

/**
 * Writes FILE.qml beside every GeoTIFF and vector file among `files` (others are skipped: CSV, HTML, the model) and
 * returns the .qml files written. `dir` is where the files are; names without a folder are taken in it.
 */
export async function writeStyles(dir: string, files: string[], lang: Lang = 'en'): Promise<string[]> {
  const written: string[] = [];
  for (const f of files) {
    const c = classifyFile(f.includes('/') || f.includes('\\') ? f : `${dir}/${f}`);
    if (!c) continue;
    const qml = await styleFor(c, lang);
    if (!qml) continue;
    const out = qmlPath(c.file);
    await writeFile(out, qml);
    written.push(out);
  }
  return written;
}
