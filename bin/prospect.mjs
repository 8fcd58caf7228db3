#!/usr/bin/env node
// Runs the CLI from its JavaScript build (bin/cli-build.mjs: made by `npm run prepare`, which `npm ci` runs, and
// made again whenever a source changed), so no TypeScript tool is needed to run it.
import { cliModule } from './cli-build.mjs';

const { main } = await import(await cliModule());
process.exitCode = await main(process.argv.slice(2));
