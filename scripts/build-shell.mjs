#!/usr/bin/env node
/**
 * Bundles the desktop shell with esbuild:
 *   electron/main/main.ts       -> dist/electron/main.cjs     (Electron main process)
 *   electron/preload/preload.ts -> dist/electron/preload.cjs  (sandboxed preload)
 * CommonJS because a sandboxed preload can only be a single CJS script (its `require` knows
 * 'electron' and a few polyfills, nothing on disk), and .cjs because package.json says
 * "type": "module". The engine is compiled separately by `npm run build:engine` and forked by
 * path; bundling it into main would put SQLite and OCR back on the UI process, so it is refused.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'electron');
const engineDir = path.join(root, 'electron', 'engine') + path.sep;

/** Fails the build if main or preload pulls in engine code (type-only imports are erased first). */
const refuseEngine = {
  name: 'refuse-engine',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
      if (args.path.startsWith(engineDir)) {
        return { errors: [{ text: `The shell must not bundle engine code: ${path.relative(root, args.path)}. Fork the compiled host instead.` }] };
      }
      return undefined;
    });
  },
};

/**
 * The preload needs only the contract's method names, not zod and the schemas (~450 kB parsed on
 * every page load). The names are read from the real contract at build time and the module is
 * replaced by a generated one, so the list cannot drift from shared/api/contract.ts.
 */
const contractFile = path.join(root, 'shared', 'api', 'contract.ts');
const contractNamesOnly = async () => {
  const bundled = await build({ entryPoints: [contractFile], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' });
  const source = bundled.outputFiles[0].text;
  const { methodNames } = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
  if (!Array.isArray(methodNames) || methodNames.length === 0) throw new Error('shared/api/contract.ts exports no methodNames');
  const names = JSON.stringify(methodNames);
  return {
    name: 'contract-names-only',
    setup(b) {
      b.onLoad({ filter: /[\\/]shared[\\/]api[\\/]contract\.ts$/ }, (args) => {
        if (path.resolve(args.path) !== contractFile) return undefined;
        return {
          loader: 'js',
          contents: `export const methodNames = Object.freeze(${names});\nexport const isMethodName = (n) => typeof n === 'string' && methodNames.includes(n);\n`,
        };
      });
    },
  };
};

const common = {
  bundle: true,
  format: 'cjs',
  sourcemap: true,
  // Electron is provided by the runtime; bundling its npm package would bundle a path string.
  external: ['electron'],
  logLevel: 'info',
  legalComments: 'none',
  plugins: [refuseEngine],
  absWorkingDir: root,
};

const results = await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(root, 'electron/main/main.ts')],
    outfile: path.join(outDir, 'main.cjs'),
    platform: 'node',
    // Floor of Electron 45's embedded Node; esbuild only lowers syntax, so a floor is safe.
    target: 'node20',
    metafile: true,
  }),
  build({
    ...common,
    entryPoints: [path.join(root, 'electron/preload/preload.ts')],
    outfile: path.join(outDir, 'preload.cjs'),
    // 'browser', not 'node': a sandboxed preload has no Node built-ins, so an accidental
    // `node:*` import must fail here rather than at window start on a clerk's machine.
    platform: 'browser',
    plugins: [refuseEngine, await contractNamesOnly()],
    // Floor of Electron 45's Chromium.
    target: 'chrome130',
    minify: true,
    metafile: true,
  }),
]);

for (const result of results) {
  if (result.errors.length > 0) process.exit(1);
}
