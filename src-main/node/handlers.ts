// The main-side handler table: one thin function per contract channel, each validating its request and calling the
// core. Typed from the contract, so a channel without a handler does not compile. Long work runs in the job host
// (a utilityProcess in Electron, a child process under the web bridge) so main never blocks.
import { existsSync } from 'node:fs';
import type { Events, GeoRequest, Invokes, ProjectSummary } from '../../src-preload/contract';
import { resolveConfig } from '../core/config';
import { projectSummary } from '../core/app/pipeline';
import { elementDistribution, geoLattice, gridLevel, mapLevel, points, runRecord, sampleClasses, samplePreview, selectionRoc, selectionRows, targetList, tileRows, windowRows } from '../core/app/queries';
import { Project } from '../core/store/project';
import { projectBasemap, savedBasemap } from '../core/app/views/basemap';
import { ProspectError } from '../core/types';
import { describeError } from '../common/error-value';
import type { HandlerTableOf } from '../common/dispatch';
import type { JobRunner } from './job-runner';
import { elementName, int, oneOf, optBool, optInt, optObject, optOneOf, optRecord, optRecordOf, optStr, optStrList, optStrOrFalse, shape, str } from './validate';
import { listCrs } from '../core/util/crs';

export type HandlerTable = HandlerTableOf<Invokes>;

export interface HandlerContext {
  emit<K extends keyof Events>(event: K, payload: Events[K]): void;
  jobs: JobRunner;
}

const MAP_KINDS = ['dense', 'calibrated', 'uncertainty', 'target-classes'] as const;

/** An extent in the project's CRS: four finite numbers, max above min. */
function extent(v: unknown, channel: string, field: string): GeoRequest['extent'] {
  const e = v as Record<string, unknown> | null;
  const ok = typeof e === 'object' && e !== null && !Array.isArray(e) && Object.keys(e).length === 4
    && ['xmin', 'ymin', 'xmax', 'ymax'].every((k) => typeof e[k] === 'number' && Number.isFinite(e[k]))
    && (e.xmax as number) > (e.xmin as number) && (e.ymax as number) > (e.ymin as number);
  if (!ok) throw new ProspectError(`Bad request on '${channel}': ${field} must be { xmin, ymin, xmax, ymax } with max above min.`, 'BAD_REQUEST', { channel, column: field });
  const { xmin, ymin, xmax, ymax } = e as GeoRequest['extent'];
  return { xmin, ymin, xmax, ymax };
}

const STEPS = ['grid', 'select', 'dataset', 'train', 'predict', 'evaluate', 'export', 'all'] as const;
const PRESETS = ['quick', 'paper'] as const;

/** A channel whose only argument is the project: validated, the project opened for the read and closed after. */
function projectView<T>(channel: string, view: (p: Project) => T): (req: unknown) => Promise<T> {
  return async (req) => withProject(shape<{ project: string }>(channel, req, { project: str }).project, view);
}

function withProject<T>(path: string, fn: (p: Project) => T): T {
  const p = Project.open(path);
  try {
    return fn(p);
  } finally {
    p.close();
  }
}

/** No cast: the core's summary must stay assignable to the contract's, so a drift between them fails to compile. */
function summary(path: string): ProjectSummary {
  return withProject(path, (p) => projectSummary(p));
}

export function createHandlers(ctx: HandlerContext): HandlerTable {
  const running = new Map<string, AbortController>();

  /** Runs a job in the job host under the renderer's job id, relaying progress and the end as events. */
  async function job<T>(jobId: string, op: string, args: unknown): Promise<T> {
    if (running.has(jobId)) throw new ProspectError(`A job named '${jobId}' is already running.`, 'JOB_EXISTS');
    const ctl = new AbortController();
    running.set(jobId, ctl);
    try {
      const result = await ctx.jobs.run<T>(op, args, {
        signal: ctl.signal,
        onProgress: (p) => ctx.emit('job.progress', { jobId, ...p }),
      });
      ctx.emit('job.done', { jobId, ok: true });
      return result;
    } catch (e) {
      ctx.emit('job.done', { jobId, ok: false, error: describeError(e) });
      throw e;
    } finally {
      running.delete(jobId);
    }
  }
  let seq = 0;
  const anonymous = (kind: string) => `${kind}-${Date.now()}-${++seq}`;

  return {
    async 'project.create'(req) {
      const r = shape<{ path: string; name: string }>('project.create', req, { path: str, name: str });
      if (!r.path.endsWith('.prospect')) throw new ProspectError('A project file name ends in .prospect.', 'BAD_REQUEST', { column: 'path' });
      Project.create(r.path, { name: r.name }).close();
      return summary(r.path);
    },
    async 'project.open'(req) {
      const r = shape<{ path: string }>('project.open', req, { path: str });
      return summary(r.path);
    },
    async 'project.summary'(req) {
      const r = shape<{ path: string }>('project.summary', req, { path: str });
      return summary(r.path);
    },
    async 'demo.generate'(req) {
      const r = shape<Invokes['demo.generate']['req']>('demo.generate', req, { dir: str, seed: optInt(0, 2 ** 31 - 1), small: optBool });
      return job(anonymous('demo'), 'demo', r);
    },
    async 'import.samples'(req) {
      const r = shape<Invokes['import.samples']['req']>('import.samples', req, {
        project: str, file: str, x: optStr, y: optStr, crs: optStr, targetCrs: optStr, elements: optRecord, wanted: optStrList,
        units: optRecordOf(['ppm', 'ppb', 'pct', 'ppt'] as const), sampleId: optStr, campaign: optStrOrFalse,
        censoredRule: optOneOf(['half', 'sqrt2', '0.65'] as const), zeros: optOneOf(['censored', 'value'] as const), sheet: optStr, layer: optStr,
      });
      if (!existsSync(r.file)) throw new ProspectError(`${r.file} does not exist.`, 'NO_FILE', { file: r.file });
      return job(anonymous('import'), 'import.samples', r);
    },
    async 'import.deposits'(req) {
      const r = shape<Invokes['import.deposits']['req']>('import.deposits', req, {
        project: str, file: str, x: optStr, y: optStr, crs: optStr, nameColumn: optStr, idColumn: optStr, typeColumn: optStr, types: optStrList, layer: optStr,
      });
      if (!existsSync(r.file)) throw new ProspectError(`${r.file} does not exist.`, 'NO_FILE', { file: r.file });
      return job(anonymous('import'), 'import.deposits', r);
    },
    async 'data.inspectTable'(req) {
      const r = shape<Invokes['data.inspectTable']['req']>('data.inspectTable', req, {
        file: str, kind: oneOf(['samples', 'deposits'] as const), sheet: optStr, layer: optStr,
      });
      if (!existsSync(r.file)) throw new ProspectError(`${r.file} does not exist.`, 'NO_FILE', { file: r.file });
      return job(anonymous('inspect'), 'inspect.table', r);
    },
    async 'data.crsList'(req) {
      shape<Record<string, never>>('data.crsList', req, {});
      return listCrs();
    },
    async 'import.grids'(req) {
      const r = shape<Invokes['import.grids']['req']>('import.grids', req, { project: str, dir: str });
      return job(anonymous('import'), 'import.grids', r);
    },
    async 'step.run'(req) {
      const r = shape<Invokes['step.run']['req']>('step.run', req, {
        project: str, step: oneOf(STEPS), preset: oneOf(PRESETS), overrides: optObject, outDir: optStr, jobId: str,
      });
      if (!existsSync(r.project)) throw new ProspectError(`${r.project} does not exist.`, 'PROJECT_MISSING', { file: r.project });
      return job(r.jobId, 'step', r);
    },
    async 'job.cancel'(req) {
      const r = shape<{ jobId: string }>('job.cancel', req, { jobId: str });
      const ctl = running.get(r.jobId);
      ctl?.abort();
      return { cancelled: !!ctl };
    },
    async 'data.samples'(req) {
      const r = shape<Invokes['data.samples']['req']>('data.samples', req, { project: str, offset: int(0, 1e9), limit: int(1, 1000) });
      return withProject(r.project, (p) => samplePreview(p, r.offset, r.limit));
    },
    'data.points': projectView('data.points', points),
    async 'data.gridLevel'(req) {
      const r = shape<Invokes['data.gridLevel']['req']>('data.gridLevel', req, { project: str, element: str, maxSize: int(16, 4096), as: oneOf(['raw', 'z'] as const) });
      return withProject(r.project, (p) => gridLevel(p, r.element, r.maxSize, r.as));
    },
    'data.selection': projectView('data.selection', selectionRows),
    'data.roc': projectView('data.roc', selectionRoc),
    'data.windows': projectView('data.windows', windowRows),
    'data.tiles': projectView('data.tiles', tileRows),
    'data.targets': projectView('data.targets', targetList),
    async 'data.map'(req) {
      const r = shape<Invokes['data.map']['req']>('data.map', req, { project: str, kind: oneOf(MAP_KINDS), maxSize: int(16, 4096) });
      return withProject(r.project, (p) => mapLevel(p, r.kind, r.maxSize));
    },
    async 'data.geo'(req) {
      const r = shape<GeoRequest>('data.geo', req, { project: str, extent, n: int(2, 65) });
      return withProject(r.project, (p) => geoLattice(p, r.extent, r.n));
    },
    async 'data.sampleClasses'(req) {
      const r = shape<Invokes['data.sampleClasses']['req']>('data.sampleClasses', req, { project: str, element: str });
      return withProject(r.project, (p) => sampleClasses(p, r.element));
    },
    async 'data.elementDistribution'(req) {
      const r = shape<Invokes['data.elementDistribution']['req']>('data.elementDistribution', req, { project: str, element: elementName });
      return withProject(r.project, (p) => elementDistribution(p, r.element));
    },
    async 'data.basemap'(req) {
      const r = shape<Invokes['data.basemap']['req']>('data.basemap', req, {
        project: str, file: str, maxSize: int(16, 4096), resampling: optOneOf(['nearest', 'bilinear'] as const),
      });
      const p = Project.open(r.project);
      try {
        return await projectBasemap(p, r.file, { maxSize: r.maxSize, resampling: r.resampling ?? 'bilinear' });
      } finally {
        p.close();
      }
    },
    'data.basemapFile': projectView('data.basemapFile', savedBasemap),
    async 'data.run'(req) {
      const r = shape<Invokes['data.run']['req']>('data.run', req, { project: str, step: oneOf(STEPS.filter((s) => s !== 'all')) });
      return withProject(r.project, (p) => runRecord(p, r.step));
    },
    async 'config.defaults'(req) {
      const r = shape<Invokes['config.defaults']['req']>('config.defaults', req, { preset: oneOf(PRESETS) });
      return resolveConfig(r.preset);
    },
  };
}
