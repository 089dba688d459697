// Lint, including the layering rules that keep the core runnable in plain Node and the renderer
// free of main-process code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

// Anchored: gitignore-style groups would also match a local file named e.g. `events`.
const nodeBuiltins = '^(node:.*|fs|path|os|child_process|crypto|http|https|net|events|stream|url|util|buffer|worker_threads)(/.*)?$';
const electron = { name: 'electron', message: 'Only the Electron shell (src/main/index.ts, src/main/shell/) and the preload may import electron.' };
// Packages that need Node (sockets, files, native addons): src/shared runs in the renderer too.
const nodeOnlyPackages = ['ws', 'conf', 'electron-store', 'naudiodon', 'naudiodon2', 'uiohook-napi', '@alexanderolsen/libsamplerate-js', 'better-sqlite3'].map((name) => ({
  name,
  message: 'src/shared is pure TypeScript: no Node-only packages.',
}));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'artifacts/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] }, globals: { ...globals.browser } },
  },
  // src/shared is pure: no Node, no DOM-only modules, no Electron, nothing from the other layers.
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron, ...nodeOnlyPackages],
        patterns: [
          { regex: nodeBuiltins, message: 'src/shared is pure TypeScript: no Node modules.' },
          { group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/sim/**', '**/cli/**'], message: 'src/shared depends on nothing else in the app.' },
        ],
      }],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'window', 'document', 'require'],
    },
  },
  // The core runs in plain Node (CLI, web mode, tests): it never imports electron. The simulator is
  // handed to it by the entry points (the offline demo), and the core never reaches up into the CLI.
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: [
          { group: ['**/renderer/**', '**/preload/**'], message: 'The core does not depend on the UI layers.' },
          { group: ['**/sim/**', '**/sim'], message: 'The core gets the simulator injected (startLocalServer), it does not import it.' },
          { group: ['**/cli/**'], message: 'The core does not depend on the command line; the CLI depends on the core.' },
        ],
      }],
    },
  },
  {
    files: ['src/sim/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: [{ group: ['**/renderer/**', '**/preload/**'], message: 'The core does not depend on the UI layers.' }],
      }],
    },
  },
  // The renderer sees only window.assistant: no main-process code, no Node, no Electron.
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: [
          { group: ['**/main/**', '**/sim/**', '**/cli/**', '**/preload/**'], message: 'The renderer talks to the core only through window.assistant.' },
          { regex: nodeBuiltins, message: 'The renderer has no Node.' },
        ],
      }],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
