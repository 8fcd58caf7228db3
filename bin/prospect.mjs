#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so `npx prospect` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src-main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
