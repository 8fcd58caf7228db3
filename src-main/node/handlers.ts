// The main-side handler table: one route per contract channel, declaring its request fields and which of them are
// paths, and a thin function calling the core. Typed from the contract, so a channel without a route does not compile;
// routes.ts validates each request into a fresh object and confines its paths before the function runs. Long work
// runs in the job host (a utilityProcess in Electron, a child process under the web bridge) so main never blocks.
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
import { elementName, int, name, oneOf, optBool, optConfigOverrides, optInt, optOneOf, optRecord, optRecordOf, optShare, optStr, optStrList, optStrOrFalse, str } from './validate';
import type { PathGrants } from './path-grants';
import { tableOf, type Route, type RoutesOf } from './routes';
import { listCrs } from '../core/util/crs';
import { CENSORED_RULES, DEMO_SCENARIOS, MAP_KINDS, PRESET_NAMES, RESAMPLINGS, STEP_NAMES, TABLE_KINDS, UNITS, ZERO_RULES } from '../core/vocabulary';

export type HandlerTable = HandlerTableOf<Invokes>;

export interface HandlerContext {
  emit<K extends keyof Events>(event: K, payload: Events[K]): void;
  jobs: JobRunner;
  /** Where the table's paths may lead: the bridge's roots, or what the user picked in Electron's dialogs. */
  grants: PathGrants;
}

/** An extent in the project's CRS: four finite numbers, max above min. */
function extent(v: unknown, channel: string, field: string): GeoRequest['extent'] {
  const e = v as Record<string, unknown> | null;
  const ok = typeof e === 'object' && e !== null && !Array.isArray(e) && Object.keys(e).length === 4
    && ['xmin', 'ymin', 'xmax', 'ymax'].every((k) => typeof e[k] === 'number' && Number.isFinite(e[k]))
    && (e.xmax as number) > (e.xmin as number) && (e.ymax as number) > (e.ymin as number);
  if (!ok) throw new ProspectError(`Bad request on '${channel}': ${field} must be { xmin, ymin, xmax, ymax } with max above min.`, 'BAD_REQUEST', { channel, column: field });
  const { xmin, ymin, xmax, ymax } = e as Record<keyof GeoRequest['extent'], number>;
  return { xmin, ymin, xmax, ymax };
}

const STEPS_OR_ALL = [...STEP_NAMES, 'all'] as const;

/** A channel whose only argument is the project: the project opened for the read and closed after. */
function projectView<T>(view: (p: Project) => T): Route<{ project: string }, T> {
  return { fields: { project: str }, paths: { project: 'project' }, run: async (r) => withProject(r.project, view) };
}

/** Views only read: a read-only open takes no writer's lock, so the app's views work while a job writes the project. */
function withProject<T>(path: string, fn: (p: Project) => T): T {
  const p = Project.open(path, { readonly: true });
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

/** The routes of the core's channels: what `createHandlers` serves, and what the confinement test walks. */
export function handlerRoutes(ctx: Omit<HandlerContext, 'grants'>): RoutesOf<Invokes> {
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
  const mustExist = (file: string): void => {
    if (!existsSync(file)) throw new ProspectError(`${file} does not exist.`, 'NO_FILE', { file });
  };

  return {
    'project.create': {
      fields: { path: str, name }, paths: { path: 'project' },
      async run(r) {
        if (!r.path.endsWith('.prospect')) throw new ProspectError('A project file name ends in .prospect.', 'BAD_REQUEST', { column: 'path' });
        Project.create(r.path, { name: r.name }).close();
        return summary(r.path);
      },
    },
    'project.open': { fields: { path: str }, paths: { path: 'project' }, run: async (r) => summary(r.path) },
    'project.summary': { fields: { path: str }, paths: { path: 'project' }, run: async (r) => summary(r.path) },
    'demo.generate': {
      fields: { dir: str, seed: optInt(0, 2 ** 31 - 1), small: optBool, scenario: optOneOf(DEMO_SCENARIOS) }, paths: { dir: 'folder' },
      run: (r) => job(anonymous('demo'), 'demo', r),
    },
    'import.samples': {
      fields: {
        project: str, file: str, x: optStr, y: optStr, crs: optStr, targetCrs: optStr, elements: optRecord, wanted: optStrList,
        units: optRecordOf(UNITS), sampleId: optStr, campaign: optStrOrFalse,
        censoredRule: optOneOf(CENSORED_RULES), zeros: optOneOf(ZERO_RULES), zerosShare: optShare, sheet: optStr, layer: optStr,
      },
      paths: { project: 'project', file: 'read' },
      async run(r) {
        mustExist(r.file);
        return job(anonymous('import'), 'import.samples', r);
      },
    },
    'import.deposits': {
      fields: {
        project: str, file: str, x: optStr, y: optStr, crs: optStr, nameColumn: optStr, idColumn: optStr, typeColumn: optStr, types: optStrList, layer: optStr,
      },
      paths: { project: 'project', file: 'read' },
      async run(r) {
        mustExist(r.file);
        return job(anonymous('import'), 'import.deposits', r);
      },
    },
    'data.inspectTable': {
      fields: { file: str, kind: oneOf(TABLE_KINDS), sheet: optStr, layer: optStr },
      paths: { file: 'read' },
      async run(r) {
        mustExist(r.file);
        return job(anonymous('inspect'), 'inspect.table', r);
      },
    },
    'data.crsList': { fields: {}, paths: {}, run: async () => listCrs() },
    'import.grids': {
      fields: { project: str, dir: str }, paths: { project: 'project', dir: 'folder' },
      run: (r) => job(anonymous('import'), 'import.grids', r),
    },
    'step.run': {
      fields: { project: str, step: oneOf(STEPS_OR_ALL), preset: oneOf(PRESET_NAMES), overrides: optConfigOverrides, outDir: optStr, force: optBool, jobId: str },
      paths: { project: 'project', outDir: 'folder' },
      async run(r) {
        if (!existsSync(r.project)) throw new ProspectError(`${r.project} does not exist.`, 'PROJECT_MISSING', { file: r.project });
        return job(r.jobId, 'step', r);
      },
    },
    'job.cancel': {
      fields: { jobId: str }, paths: {},
      async run(r) {
        const ctl = running.get(r.jobId);
        ctl?.abort();
        return { cancelled: !!ctl };
      },
    },
    'data.samples': {
      fields: { project: str, offset: int(0, 1e9), limit: int(1, 1000) }, paths: { project: 'project' },
      run: async (r) => withProject(r.project, (p) => samplePreview(p, r.offset, r.limit)),
    },
    'data.points': projectView(points),
    'data.gridLevel': {
      fields: { project: str, element: str, maxSize: int(16, 4096), as: oneOf(['raw', 'z'] as const) }, paths: { project: 'project' },
      run: async (r) => withProject(r.project, (p) => gridLevel(p, r.element, r.maxSize, r.as)),
    },
    'data.selection': projectView(selectionRows),
    'data.roc': projectView(selectionRoc),
    'data.windows': projectView(windowRows),
    'data.tiles': projectView(tileRows),
    'data.targets': projectView(targetList),
    'data.map': {
      fields: { project: str, kind: oneOf(MAP_KINDS), maxSize: int(16, 4096) }, paths: { project: 'project' },
      run: async (r) => withProject(r.project, (p) => mapLevel(p, r.kind, r.maxSize)),
    },
    'data.geo': {
      fields: { project: str, extent, n: int(2, 65) }, paths: { project: 'project' },
      run: async (r) => withProject(r.project, (p) => geoLattice(p, r.extent, r.n)),
    },
    'data.sampleClasses': {
      fields: { project: str, element: str }, paths: { project: 'project' },
      run: async (r) => withProject(r.project, (p) => sampleClasses(p, r.element)),
    },
    'data.elementDistribution': {
      fields: { project: str, element: elementName }, paths: { project: 'project' },
      run: async (r) => withProject(r.project, (p) => elementDistribution(p, r.element)),
    },
    'data.basemap': {
      fields: { project: str, file: str, maxSize: int(16, 4096), resampling: optOneOf(RESAMPLINGS) },
      paths: { project: 'project', file: 'read' },
      async run(r) {
        const p = Project.open(r.project, { readonly: true });
        try {
          return await projectBasemap(p, r.file, { maxSize: r.maxSize, resampling: r.resampling ?? 'bilinear' });
        } finally {
          p.close();
        }
      },
    },
    'data.basemapFile': projectView(savedBasemap),
    'data.run': {
      fields: { project: str, step: oneOf(STEP_NAMES) }, paths: { project: 'project' },
      run: async (r) => withProject(r.project, (p) => runRecord(p, r.step)),
    },
    'config.defaults': { fields: { preset: oneOf(PRESET_NAMES) }, paths: {}, run: async (r) => resolveConfig(r.preset) },
  };
}

/** The core's channels, each request validated and its paths confined before the core sees it. */
export function createHandlers(ctx: HandlerContext): HandlerTable {
  return tableOf(handlerRoutes(ctx), ctx.grants);
}
