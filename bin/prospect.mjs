#!/usr/bin/env node
// Runs the TypeScript CLI with no build step after `npm ci`: from a cached esbuild build of the sources, made again
// whenever they change (bin/cli-build.mjs), or through tsx where that cannot be made.
import { cliModule } from './cli-build.mjs';

const { main } = await import(await cliModule());
process.exitCode = await main(process.argv.slice(2));
