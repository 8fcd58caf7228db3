// Flat ESLint config: typescript-eslint (recommended, no type-aware rules: fast on 2 cores) + eslint-plugin-vue.
// The one architectural rule: the domain core stays plain Node (no Electron, Vue, IPC, shell or preload imports).
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

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
  {
    files: ['src-main/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'src-main/core is plain Node: no Electron. Put shell code in src-main/electron.' },
            { name: 'vue', message: 'src-main/core is plain Node: no Vue.' },
          ],
          patterns: [
            { group: ['electron/*', '@electron/*'], message: 'src-main/core is plain Node: no Electron.' },
            { group: ['vue/*', '@vue/*'], message: 'src-main/core is plain Node: no Vue.' },
            { group: ['**/ipc', '**/ipc/*', '**/electron', '**/electron/*', '**/web-bridge/*', '**/src-preload/*', '**/preload', '**/preload/*'], message: 'src-main/core must not import IPC, shell or preload code: they depend on it, not the other way.' },
          ],
        },
      ],
    },
  },
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
