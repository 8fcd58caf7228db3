// The export's field outputs: targets.csv / targets.geojson with the verdict on every row, the areas kept for the
// field (minimum area) with their peaks in lon/lat, GPX waypoints and KML polygons beside them, and a printable map
// sheet (map_sheet.pdf). The export step calls it with its folder; the files are listed in the order written.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldAreas, fmtKm2, minimumArea, verdictNote, withVerdictColumns, withVerdictProperties, type FieldAreas, type VerdictNote } from '../../evaluation/field-targets';
import { orderForField, targetAreasCsv, targetAreasGeoJson } from '../../evaluation/target-files';
import { targetsCsv, targetsGeoJson, type Target } from '../../evaluation/targets';
import { targetsGpx, targetsKml } from '../../gis/field-files';
import { mapSheetPdf } from '../../gis/map-sheet';
import { kthNeighbourDistances, RADIUS_NEIGHBOURS } from '../../grid/radius';
import type { Verdict } from '../../results';
import { depositFeatures } from '../../store/gpkg/sources';
import { loadMap } from '../../store/predictions-repo';
import type { Project } from '../../store/project';
import { latestRun } from '../../store/runs-repo';
import { loadSampleXY } from '../../store/samples-repo';
import type { DeliveredTargets } from '../../targets-types';
import type { GridSpec } from '../../types';
import { makeTransformer } from '../../util/crs';

export interface FieldOut {
  readonly dir: string;
  readonly files: string[];
  text(name: string, text: string): void;
}

export interface FieldExportSummary {
  verdict: VerdictNote;
  /** Areas kept for the field, dropped below the minimum area, and the rule. */
  areas: { kept: number; dropped: number; droppedKm2: number; minimumKm2: number; minimumReason: string } | null;
  mapSheet: string | null;
}

/** The held-out verdict of the latest evaluation (null before one, or for a transfer evaluation). */
export function latestVerdict(p: Project): Verdict | null {
  const em = latestRun(p, 'evaluate')?.metrics;
  if (!em || !('cv' in em)) return null;
  return em.verdict ?? em.cv.map?.verdict ?? null;
}

function median(v: Float64Array): number {
  const s = Float64Array.from(v).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The sample spacing the IDW radius is derived from (grid/radius.ts); null without two sampled positions. */
function sampleSpacing(x: Float64Array, y: Float64Array): number | null {
  if (x.length < 2) return null;
  try {
    return median(kthNeighbourDistances(x, y, RADIUS_NEIGHBOURS));
  } catch {
    return null;
  }
}

function toLonLat(crs: string): ((x: number[], y: number[]) => { x: ArrayLike<number>; y: ArrayLike<number> }) | null {
  try {
    return makeTransformer(crs, 'EPSG:4326');
  } catch {
    return null;
  }
}

/**
 * The delivered areas as the field gets them: at least the minimum area (from the sample spacing), greenfield first,
 * peaks in lon/lat. Null when the CRS cannot be projected to WGS84. The Targets screen lists the same areas.
 */
export function fieldAreasOf(p: Project, spec: GridSpec, delivered: DeliveredTargets, samples = loadSampleXY(p)): FieldAreas | null {
  const project = toLonLat(spec.crs);
  if (!project) return null;
  return fieldAreas(orderForField(delivered.areas), minimumArea(spec, sampleSpacing(samples.x, samples.y)), project);
}

export async function writeFieldOutputs(out: FieldOut, p: Project, spec: GridSpec, delivered: DeliveredTargets | null, tileTargets: Target[],
  opts: { date: string; dense: Float32Array | null }): Promise<FieldExportSummary> {
  const verdict = verdictNote(latestVerdict(p));
  const samples = loadSampleXY(p);
  const project = toLonLat(spec.crs);
  const field = delivered ? fieldAreasOf(p, spec, delivered, samples) : null;
  if (delivered) {
    out.text('targets.csv', withVerdictColumns(targetAreasCsv(delivered, field?.kept), verdict));
    out.text('targets.geojson', JSON.stringify(withVerdictProperties(targetAreasGeoJson(delivered, spec.crs, field?.kept) as { features: { properties: Record<string, unknown> }[] }, verdict)));
  } else {
    out.text('targets.csv', withVerdictColumns(targetsCsv(tileTargets), verdict));
    out.text('targets.geojson', JSON.stringify(withVerdictProperties(targetsGeoJson(tileTargets, spec.crs) as { features: { properties: Record<string, unknown> }[] }, verdict)));
  }
  const title = p.getMeta('name') ?? 'Prospect Workstation targets';
  const time = `${opts.date}T00:00:00Z`;
  if (delivered && field && project) {
    const input = { title, areas: field.kept, scoreKind: delivered.scoreKind, verdict, time };
    out.text('targets.gpx', targetsGpx(input));
    out.text('targets.kml', targetsKml(input, project));
  }

  // The sheet shows the delivered map (calibrated or score), else the dense window score.
  const evalRun = latestRun(p, 'evaluate');
  const calibrated = delivered && evalRun ? loadMap(p, evalRun.id, 'calibrated') : null;
  const values = calibrated ?? opts.dense;
  let mapSheet: string | null = null;
  if (values) {
    const valueLabel = calibrated && delivered
      ? (delivered.scoreKind === 'probability' ? `P(ore), ${delivered.calibration.method} calibration` : `score (not a probability: ${delivered.calibration.method})`)
      : 'window score (uncalibrated)';
    const centre = project ? project([spec.xmin + (spec.width * spec.cellX) / 2], [spec.ymax - (spec.height * spec.cellY) / 2]) : null;
    const areasNote = field
      ? `${field.kept.length} target areas of at least ${fmtKm2(field.minimum.km2)} (${field.minimum.reason}); ${field.dropped.count} smaller ones (${fmtKm2(field.dropped.km2)} in all) left out. ` +
        `Best ${Math.round(100 * delivered!.targetShare)}% of the surveyed area. Peaks in lon/lat: targets.gpx, targets.kml, targets.csv.`
      : 'No target areas: run the evaluate step to calibrate the map and draw them.';
    const bytes = await mapSheetPdf({
      title, spec, values, valueLabel, areas: field?.kept ?? [],
      deposits: depositFeatures(p).map((d) => ({ x: d.x, y: d.y, id: d.extId ?? undefined })), samples: { x: samples.x, y: samples.y },
      verdict, date: opts.date, centreLonLat: centre ? [centre.x[0], centre.y[0]] : null, areasNote,
    });
    mapSheet = join(out.dir, 'map_sheet.pdf');
    writeFileSync(mapSheet, bytes);
    out.files.push(mapSheet);
  }
  return {
    verdict, mapSheet,
    areas: field ? { kept: field.kept.length, dropped: field.dropped.count, droppedKm2: field.dropped.km2, minimumKm2: field.minimum.km2, minimumReason: field.minimum.reason } : null,
  };
}
