import { importDeposits, type DepositImportOptions } from '../../deposits/import';
import { readGridStack } from '../../grid/geotiff-read';
import { importSamples, type SampleImportOptions } from '../../samples/import';
import { depositCellsFromDeposits } from '../../dataset/cells';
import { accountDeposits } from '../../deposits/accounting';
import { saveGrids, loadGridSpec, type StoredGrid } from '../../store/grids-repo';
import { loadGridStack } from '../grid-stack';
import type { Project } from '../../store/project';
import { saveDeposits, saveSampleImport } from '../../store/samples-repo';
import { insertRun } from '../../store/runs-repo';
import { ProspectError, type TaskOptions } from '../../types';
import { fitTransforms } from '../../grid/transform';
import { depositCellsIfAny, projectDepositCells } from '../deposit-cells';
import { insertImport } from '../../store/imports-repo';
import { LAYERS_CHANGED_BY, refreshGisLayers } from '../gis-layers';
import type { DepositReport, GridImportResult, ImportOutcome, SampleImportReport } from '../../results';
import type { BandTransform } from '../../vocabulary';

export type { ImportOutcome };

/**
 * Reads the whole file before touching the project, then stores rows and report in one transaction: a bad file
 * (an error naming its row and column) leaves the project as it was.
 */
export async function importSamplesStep(p: Project, file: string, options: SampleImportOptions, opts: TaskOptions = {}): Promise<ImportOutcome<SampleImportReport>> {
  const projectCrs = p.getMeta('crs');
  const imp = await importSamples(file, { targetCrs: projectCrs, ...options }, opts);
  const importId = p.transaction(() => {
    const id = saveSampleImport(p, file, options, imp.report, imp.samples, imp.points.crs, imp.report.quality);
    refreshGisLayers(p, LAYERS_CHANGED_BY['samples-import']);
    return id;
  });
  return { importId, report: imp.report };
}

export async function importDepositsStep(p: Project, file: string, options: Omit<DepositImportOptions, 'targetCrs'> & { targetCrs?: string }, opts: TaskOptions = {}): Promise<ImportOutcome<DepositReport>> {
  const projectCrs = p.getMeta('crs');
  if (!projectCrs && !options.targetCrs) {
    throw new ProspectError(`${file}: import the samples (or grids) first, so the project has a CRS to place the deposits in.`, 'NO_PROJECT_CRS', { file });
  }
  const res = await importDeposits(file, { ...options, targetCrs: (options.targetCrs ?? projectCrs)! }, opts);
  const spec = loadGridSpec(p);
  if (spec) {
    // Every imported deposit accounted for on the grid already there: merged in one cell, or on an unsurveyed cell.
    const stack = loadGridStack(p, undefined, 'raw');
    const { cells } = depositCellsFromDeposits(spec, res.deposits);
    const account = accountDeposits({ width: spec.width, height: spec.height, bands: stack.bands, elements: stack.elements }, cells);
    res.report.notes.push(`on the project's grid: ${account.summary}`, ...account.leftOut.map((l) => `${l.id}: ${l.why}`));
  }
  return p.transaction(() => {
    const importId = saveDeposits(p, file, options, res.report, res.deposits, (options.targetCrs ?? projectCrs)!, res.deposits.map((d) => ({ row: d.row, xColumn: res.report.x })));
    // With a grid already there, a deposit off it is an input error now, not a surprise later; the throw rolls back.
    if (spec) projectDepositCells(p, spec);
    refreshGisLayers(p, LAYERS_CHANGED_BY['deposits-import']);
    return { importId, report: res.report };
  });
}

/** An imported grid stack replaces any gridded one; the stack's CRS becomes the project's. */
export async function importGridsStep(p: Project, dir: string, options: { crs?: string; transform?: BandTransform }, opts: TaskOptions = {}): Promise<ImportOutcome<GridImportResult>> {
  const stack = await readGridStack(dir, { ...opts, crs: options.crs });
  const projectCrs = p.getMeta('crs');
  if (projectCrs && projectCrs !== stack.spec.crs) {
    throw new ProspectError(`${dir}: the grids are in ${stack.spec.crs} but the project is in ${projectCrs}.`, 'CRS_MISMATCH', { file: dir });
  }
  const kind = options.transform ?? 'log10';
  const transforms = fitTransforms(stack.bands, kind, stack.elements);
  const grids: StoredGrid[] = stack.elements.map((e, i) => ({
    element: e, source: 'imported', spec: stack.spec, params: { file: stack.files[i], nodata: stack.nodata[i], transform: kind }, raw: stack.bands[i], transform: transforms[i],
  }));
  const report: GridImportResult = {
    dir, files: stack.files, elements: stack.elements, width: stack.spec.width, height: stack.spec.height,
    cellX: stack.spec.cellX, cellY: stack.spec.cellY, crs: stack.spec.crs, transform: kind,
  };
  return p.transaction(() => {
    if (!projectCrs) p.setMeta('crs', stack.spec.crs);
    const importId = insertImport(p, 'grids', dir, options, report);
    // The stack stands in for the grid step, so `run` goes on from element selection.
    saveGrids(p, grids, insertRun(p, { step: 'grid', params: { imported: dir, transform: kind }, metrics: report }));
    depositCellsIfAny(p, stack.spec);
    refreshGisLayers(p, LAYERS_CHANGED_BY['grids-import']);
    return { importId, report };
  });
}
