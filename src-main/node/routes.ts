// A handler table as data: each channel declares its request fields (checked into a fresh object) and which of them
// are paths on this machine; the table confines those paths through the grants before the handler runs, so a
// handler cannot forget to, and a test over the table sees every path field (tests/node/path-confinement.test.ts).
import type { HandlerTableOf } from '../common/dispatch';
import type { PathGrants, PathUse } from './path-grants';
import { shape, type Check } from './validate';

export interface Route<Req, Res> {
  fields: { [K in keyof Req]-?: Check<Req[K]> };
  /** The fields that name a file or folder here, and what the handler does there. */
  paths: { [K in keyof Req]?: PathUse };
  run(req: Req): Promise<Res>;
}

export type RoutesOf<I extends { [K in keyof I]: { req: unknown; res: unknown } }> = {
  [K in keyof I]: Route<I[K]['req'], I[K]['res']>;
};

/** The callable table: validate, confine every path field (the project first: it is the context of the others), run. */
export function tableOf<I extends { [K in keyof I]: { req: unknown; res: unknown } }>(routes: RoutesOf<I>, grants: PathGrants): HandlerTableOf<I> {
  const table = {} as Record<string, (req: unknown) => Promise<unknown>>;
  for (const channel of Object.keys(routes)) {
    const r = routes[channel as keyof I] as unknown as Route<Record<string, unknown>, unknown>;
    const pathFields = (Object.entries(r.paths) as [string, PathUse][]).sort(([, a], [, b]) => (a === 'project' ? -1 : b === 'project' ? 1 : 0));
    table[channel] = async (req: unknown) => {
      const q = shape<Record<string, unknown>>(channel, req, r.fields);
      let project: string | undefined;
      for (const [field, use] of pathFields) {
        const v = q[field];
        if (typeof v !== 'string') continue;
        q[field] = grants.confine(v, use, { channel, field, project });
        if (use === 'project') project = q[field] as string;
      }
      return r.run(q);
    };
  }
  return table as unknown as HandlerTableOf<I>;
}
