// Lint rules that keep each part of ChartDesk in its own room: the engine, the shared contract
// and the renderer never import Electron, the renderer never imports Node, shared/ imports
// neither Node nor the DOM's frameworks; the engine imports nothing from the shells, the
// renderer nothing from electron/, shared/ nothing from either (eslint-rules/layering.js);
// React components follow the rules of hooks.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { layeringRule } from './eslint-rules/layering.js';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'url', 'stream', 'util', 'zlib', 'module', 'process'];
const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import Electron: the engine also runs headless.' };
const noNode = [
  { group: ['node:*'], message: 'The renderer and shared/ run in a browser: no Node modules.' },
  ...nodeBuiltins.map((name) => ({ group: [name, `${name}/*`], message: 'The renderer and shared/ run in a browser: no Node modules.' })),
];

const chartdesk = { rules: { layering: layeringRule } };
const shells = (why) => ['electron/main', 'electron/preload', 'electron/server', 'electron/cli'].map((folder) => ({ folder, message: why }));

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
  {
    files: ['electron/engine/**'],
    plugins: { chartdesk },
    rules: {
      'chartdesk/layering': ['error', { forbidden: shells('the engine is the station itself and runs under every shell; the shells call it, never the other way.') }],
    },
  },
  {
    files: ['renderer/**'],
    plugins: { chartdesk },
    rules: {
      'chartdesk/layering': ['error', { forbidden: [{ folder: 'electron', message: 'the renderer reaches the engine only through the contract in shared/ and its own api adapter.' }] }],
    },
  },
  {
    files: ['shared/**'],
    plugins: { chartdesk },
    rules: {
      'chartdesk/layering': [
        'error',
        {
          forbidden: [
            { folder: 'electron', message: 'shared/ is the contract both sides agree on: it imports neither side.' },
            { folder: 'renderer', message: 'shared/ is the contract both sides agree on: it imports neither side.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
