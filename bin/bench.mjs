#!/usr/bin/env node
// `npm run bench -- NAME [args]` runs bench/NAME.ts. Benchmarks print one JSON line per case, with the ratio to a
// baseline measured in the same run; they are not part of `npm test`.
import { register } from 'tsx/esm/api';
import { readdirSync } from 'node:fs';
register();
const [name, ...args] = process.argv.slice(2);
const known = readdirSync(new URL('../bench/', import.meta.url)).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
if (!name || !known.includes(name)) {
  console.error(`usage: npm run bench -- <${known.join('|')}> [args]`);
  process.exit(2);
}
const mod = await import(`../bench/${name}.ts`);
await mod.default(args);
