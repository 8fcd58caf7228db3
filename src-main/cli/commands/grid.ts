import { resolve } from 'node:path';
import type { PipelineConfig } from '../../core/config';
import { planGrid } from '../../core/grid/plan';
import { idwGrid } from '../../core/grid/idw';
import { TiffEncoderPool } from '../../core/grid/geotiff-write';
import { importSamples } from '../../core/samples/import';
import { claimExportDir, exportOwner, writeExportManifest } from '../../core/app/steps/export-manifest';
import { writeGridTiffs } from '../../core/app/steps/grid-files';
import { ProspectError, type TaskOptions } from '../../core/types';
import { bool, forceExport, str, type Args } from '../args';
import { CONFIG_FLAGS, configFromArgs } from '../config-flags';
import { SAMPLE_FLAGS, sampleOptions } from '../import-options';
import type { Output } from '../output';
import { printGridPlan, printOutcome } from './print';

const isSampleFlag = (k: string) => (SAMPLE_FLAGS as readonly string[]).includes(k);
const isConfigFlag = (k: string) => (CONFIG_FLAGS as readonly string[]).includes(k);

/**
 * `prospect grid`: IDW onto a grid. From a project (its samples), or straight from a sample file with no project,
 * writing one Float32 Cloud Optimized GeoTIFF per element to --out so any GIS, and gdal_grid, can be compared with it.
 */
export async function gridCommand(args: Args, out: Output, signal: AbortSignal) {
  const project = str(args, 'project');
  const samples = str(args, 'samples');
  const outDir = str(args, 'out');
  // A sample file's flags mean nothing without one: refused, not ignored.
  const fileOnly = samples ? undefined : [...args.flags.keys()].find((k) => isSampleFlag(k) && !isConfigFlag(k));
  if (fileOnly) throw new ProspectError(`--${fileOnly} reads a sample file: give it with --samples FILE.`, 'BAD_ARGS', { column: `--${fileOnly}` });
  const config = configFromArgs(args);
  const common = { signal, onProgress: out.progress };
  if (!project && !samples) throw new ProspectError('Give --project P, or --samples FILE with --x, --y and --crs.', 'BAD_ARGS', { column: '--samples' });
  if (!project && !outDir) throw new ProspectError('Without --project, give --out DIR for the GeoTIFFs.', 'BAD_ARGS', { column: '--out' });

  if (!project) {
    // Its own earlier grids of the same table are replaced; a folder of other files is refused unless --force.
    const claim = claimExportDir(outDir!, { id: `grid ${resolve(samples!)}`, path: resolve(samples!) }, { force: forceExport(args) });
    // The encoder workers start now, so that their start-up overlaps reading the samples, not the writing.
    const pool = bool(args, 'no-compress') ? undefined : new TiffEncoderPool();
    try {
      const res = await gridToFiles(args, out, config, samples!, claim.dir, { ...common, pool });
      return { ...res, files: [...res.files, writeExportManifest(claim, res.files)] };
    } finally {
      await pool?.close();
    }
  }

  // The pipeline (tfjs and every step, ~1.2 s to load) only on this path: the sample-file path never needs it.
  const [{ runStep }, { importSamplesStep }, { loadGridStack }, { Project }] = await Promise.all([
    import('../../core/app/pipeline'), import('../../core/app/steps/import-step'), import('../../core/app/grid-stack'), import('../../core/store/project'),
  ]);
  // A new project is staged and moved into place only when the import and the grid succeeded (p.commit below).
  const p = Project.openOrCreate(project, 'Study area');
  try {
    // The folder is checked before hours of gridding: new, empty, this project's own, or --force.
    const claim = outDir ? claimExportDir(outDir, exportOwner(p), { force: forceExport(args) }) : undefined;
    if (samples) await importSamplesStep(p, samples, sampleOptions(args), common);
    const o = await runStep(p, 'grid', config, common);
    printOutcome(out, o);
    if (claim) {
      const written = await writeGridTiffs(loadGridStack(p, undefined, 'raw'), claim.dir, { ...common, levelling: 'levelling' in o.summary ? o.summary.levelling : null, unit: 'ppm' });
      o.files.push(...written, writeExportManifest(claim, written));
    }
    p.commit();
    return { project, steps: [o], files: o.files };
  } finally {
    p.close();
  }
}

/** A sample file straight to one GeoTIFF per element, with the grid step's plan. */
async function gridToFiles(args: Args, out: Output, config: PipelineConfig, samples: string, outDir: string,
  opts: TaskOptions & { pool?: TiffEncoderPool }) {
  const imp = await importSamples(samples, { ...sampleOptions(args), wanted: config.grid.elements ?? sampleOptions(args).wanted }, opts);
  // The same plan as the grid step: the coverage gate, campaigns chosen and levelled, too few samples left out.
  const plan = planGrid(imp.points, config.grid, {
    quality: imp.report.quality, campaigns: imp.campaigns, campaignSummaries: imp.report.campaigns.campaigns,
    force: config.select.force, candidates: imp.points.elements,
  });
  const { spec, elements: keep } = plan;
  printGridPlan(out, plan);
  const t0 = performance.now();
  const stack = await idwGrid(plan.points, spec, plan.idw, opts);
  const gridSeconds = (performance.now() - t0) / 1000;
  const files = await writeGridTiffs(stack, outDir, { ...opts, compress: !bool(args, 'no-compress'), levelling: plan.levelling, unit: 'ppm' });
  const totalSeconds = (performance.now() - t0) / 1000;
  out.text(`grid: ${keep.length} elements on ${spec.width} x ${spec.height} cells (${spec.crs}) in ${gridSeconds.toFixed(2)} s, ` +
    `written in ${(totalSeconds - gridSeconds).toFixed(2)} s`);
  for (const f of files) out.text(`  wrote ${f}`);
  return {
    spec, elements: keep, skipped: plan.skipped, excluded: plan.excluded, warnings: plan.warnings, levelling: plan.levelling,
    campaigns: plan.campaigns, searchRadius: plan.searchRadius, seconds: gridSeconds, totalSeconds, files,
  };
}
