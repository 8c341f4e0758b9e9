// Lint rules that keep each part of ChartDesk in its own room: the engine, the shared contract
// and the renderer never import Electron, the renderer never imports Node, shared/ imports
// neither Node nor the DOM's frameworks.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'url', 'stream', 'util', 'zlib', 'module', 'process'];
const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import Electron: the engine also runs headless.' };
const noNode = [
  { group: ['node:*'], message: 'The renderer and shared/ run in a browser: no Node modules.' },
  ...nodeBuiltins.map((name) => ({ group: [name, `${name}/*`], message: 'The renderer and shared/ run in a browser: no Node modules.' })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.scratch/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // Tests build fakes of Electron's API surface, which is loosely typed by nature.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['electron/engine/**', 'electron/server/**', 'electron/cli/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['shared/**', 'renderer/**'],
    ignores: ['renderer/vite.config.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: noNode }] },
  },
);
