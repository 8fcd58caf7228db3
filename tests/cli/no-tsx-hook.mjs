// Preloaded with `node --import` by tests/cli/prepared-build.test.ts: any module resolution of tsx or esbuild, in
// the main thread or a worker started from a file, fails, so a run that needed either would fail.
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (/^(tsx|esbuild)(\\/|$)/.test(specifier) || /[\\\\/]node_modules[\\\\/](tsx|esbuild)[\\\\/]/.test(specifier)) {
    throw new Error('tsx and esbuild are not available to this run: ' + specifier);
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
