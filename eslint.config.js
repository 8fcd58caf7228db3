// Flat ESLint config: typescript-eslint (recommended, no type-aware rules: fast on 2 cores) + eslint-plugin-vue.
// The architectural rules: src-main is laid out by runtime, and each folder may import only what runs where it runs.
//   core/        the domain, plain Node: nothing of the shell
//   common/      runs anywhere: no Node built-ins, no Electron, no WebSocket, no shell code
//   node/        plain Node shell (handler tables, job host and runner, recent projects): no Electron
//   electron/    the only files that import Electron
//   web-bridge/  the loopback WebSocket host: never Electron
//   index.ts     the Electron entry: never the web bridge
// Inside core/, the tiers (src-main/core/tiers.json, docs/architecture.md): each folder or top-level module imports
// only the ones below it; the store value-imports only types, util, formats and the tile encoder; only app uses the store.
import { readFileSync } from 'node:fs';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

// Each building block of a no-restricted-imports rule; a file's rule lists every block that applies to it, since a
// later config object replaces an earlier one's options for the same rule instead of merging them.
const NO = {
  electron: {
    paths: [{ name: 'electron', message: 'Only src-main/electron and src-main/index.ts import Electron.' }],
    patterns: [{ group: ['electron/*', '@electron/*'], message: 'Only src-main/electron and src-main/index.ts import Electron.' }],
  },
  vue: {
    paths: [{ name: 'vue', message: 'src-main is plain Node: no Vue.' }],
    patterns: [{ group: ['vue/*', '@vue/*'], message: 'src-main is plain Node: no Vue.' }],
  },
  ws: { paths: [{ name: 'ws', message: 'WebSocket code lives in src-main/web-bridge.' }] },
  nodeBuiltins: { patterns: [{ group: ['node:*'], message: 'src-main/common runs anywhere: put Node code in src-main/node.' }] },
  electronShell: { patterns: [{ group: ['**/electron/*'], message: 'src-main/electron is Electron-only: import its pure parts from src-main/common or src-main/node.' }] },
  webBridge: { patterns: [{ group: ['**/web-bridge', '**/web-bridge/*'], message: 'Nothing depends on the web bridge: it is an entry of its own.' }] },
  nodeShell: { patterns: [{ group: ['**/node/*', '**/ipc', '**/ipc/*'], message: 'Plain-Node shell code (src-main/node) depends on this folder, not the other way.' }] },
  common: { patterns: [{ group: ['**/common/*'], message: 'The core must not depend on the shell: src-main/common depends on it.' }] },
  preload: { patterns: [{ group: ['**/src-preload/*', '**/preload', '**/preload/*'], message: 'The core must not import preload code: the contract depends on it, not the other way.' }] },
};
// The core's tiers, written once in src-main/core/tiers.json (tests/desktop/layout.test.ts checks the same list).
const TIERS = JSON.parse(readFileSync(new URL('./src-main/core/tiers.json', import.meta.url), 'utf8'));
/** The import specifiers that reach a core module: a folder's files, or a top-level file (imported without .ts). */
const reach = (m) => (m.endsWith('.ts') ? `**/${m.slice(0, -3)}` : `**/${m}/**`);
const tierMessage = (m, above) => `src-main/core/${m} sits below ${above} in the core's tiers (src-main/core/tiers.json, docs/architecture.md): move the code to the right tier instead.`;
const tierRules = TIERS.levels.flatMap((level, i) => level.map((m) => {
  const above = [...level.filter((x) => x !== m), ...TIERS.levels.slice(i + 1).flat()];
  const patterns = above.map((a) => ({ group: [reach(a)], message: tierMessage(m, a) }));
  if (m === 'store') {
    // The store keeps the schema, the repositories and the writers: it computes nothing, so below it only the types
    // (any `import type`), util, formats and the GeoPackage tile encoder are open to it.
    const below = TIERS.levels.slice(0, i).flat().filter((b) => !TIERS.storeValueImports.includes(b));
    for (const b of below) {
      const except = TIERS.storeValueImports.filter((v) => v.startsWith(`${b}/`)).map((v) => `!**/${v.slice(0, -3)}`);
      patterns.push({ group: [reach(b), ...except], allowTypeImports: true, message: `The store computes nothing: it imports only types from src-main/core/${b} (the app tier, src-main/core/app, does the computing).` });
    }
  }
  return {
    files: [m.endsWith('.ts') ? `src-main/core/${m}` : `src-main/core/${m}/**`],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  };
}));

const restrict = (...blocks) => [
  'error',
  { paths: blocks.flatMap((b) => b.paths ?? []), patterns: blocks.flatMap((b) => b.patterns ?? []) },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench-results/**', 'coverage/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module', extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      // Pragmatic: unused arguments are common in handler tables; an underscore marks them as intended.
      // Warnings, not errors: tsc's noUnusedLocals already fails the build on unused locals.
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Comma and ternary statements (`(s += v), n++`) are idioms in the numeric code.
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-empty-object-type': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'vue/multi-word-component-names': 'off',
    },
  },
  { files: ['src-main/core/**'], rules: { 'no-restricted-imports': restrict(NO.electron, NO.vue, NO.ws, NO.electronShell, NO.webBridge, NO.nodeShell, NO.common, NO.preload) } },
  ...tierRules,
  { files: ['src-main/common/**'], rules: { 'no-restricted-imports': restrict(NO.electron, NO.vue, NO.ws, NO.nodeBuiltins, NO.electronShell, NO.webBridge, NO.nodeShell) } },
  { files: ['src-main/node/**', 'src-main/cli/**'], rules: { 'no-restricted-imports': restrict(NO.electron, NO.vue, NO.ws, NO.electronShell, NO.webBridge) } },
  { files: ['src-main/electron/**', 'src-main/index.ts'], rules: { 'no-restricted-imports': restrict(NO.vue, NO.ws, NO.webBridge) } },
  { files: ['src-main/web-bridge/**'], rules: { 'no-restricted-imports': restrict(NO.electron, NO.vue, NO.electronShell) } },
  {
    // Tests read JSON results loosely; the assertions are what check their shape.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
