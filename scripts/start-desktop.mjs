#!/usr/bin/env node
/**
 * `npm start`: run ChartDesk in Electron from the repo.
 *
 * 1. Checks the Electron runtime binary is really installed. We do not load the electron package's index for
 *    that: its index silently starts a download when the binary is missing.
 * 2. Builds dist/ if it is missing.
 * 3. Makes sure the SQLite driver (better-sqlite3-multiple-ciphers, the encrypting drop-in for
 *    better-sqlite3) can load in Electron. It is not N-API, so a binary built for Node's ABI
 *    cannot load in Electron's and vice versa. `electron-builder install-app-deps` rebuilds
 *    node_modules in place, which then breaks the plain-Node CLI, tests and `npm run serve` until
 *    `npm rebuild better-sqlite3-multiple-ciphers`. Instead we build a second copy for Electron
 *    under dist/electron-native/<electron version>/ and hand its path to the engine in
 *    CHARTDESK_SQLITE_BINDING (the driver's `nativeBinding` option), so node_modules stays Node's
 *    and both runtimes work side by side.
 * 4. Spawns Electron on the repo (package.json "main" -> dist/electron/main.cjs).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const fail = (lines) => {
  console.error(['', ...lines, ''].join('\n'));
  process.exit(1);
};

/** The Electron executable, or null when the package is installed without its binary. */
const electronBinary = () => {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { pkgDir: null, binary: null, version: null };
  }
  const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return { pkgDir, binary: null, version };
  const executable = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  const binary = path.join(distDir, executable);
  return { pkgDir, binary: existsSync(binary) ? binary : null, version };
};

const electron = electronBinary();
if (!electron.binary) {
  fail([
    'ChartDesk desktop: the Electron runtime is not installed.',
    '',
    electron.pkgDir ? `  The "electron" package (${electron.version}) is in node_modules, but its binary was not downloaded` : '  The "electron" package is not installed (run `npm install`).',
    '  (ELECTRON_SKIP_BINARY_DOWNLOAD was set, or there was no network during npm install).',
    '',
    '  To get it, on a machine with internet access run:',
    '      node node_modules/electron/install.js',
    '  (or set ELECTRON_MIRROR / electron_config_cache to use an internal mirror or a pre-fetched zip).',
    '',
    '  Without Electron, `npm run serve` runs the same UI in a browser as the headless station.',
  ]);
}

const run = (command, args, what) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) fail([`ChartDesk desktop: ${what} failed (exit ${result.status ?? result.signal}).`]);
};

const required = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/electron/engine/host/utility-process-host.js', 'dist/renderer/index.html'];
if (required.some((file) => !existsSync(path.join(root, file)))) {
  console.log('ChartDesk desktop: dist/ is incomplete, running `npm run build`…');
  run(npm, ['run', 'build'], '`npm run build`');
}

const driver = 'better-sqlite3-multiple-ciphers';

/** Builds (once per Electron version) an Electron-ABI SQLite driver next to the Node one. */
const electronSqliteBinding = async () => {
  if (process.env.CHARTDESK_SQLITE_BINDING) return process.env.CHARTDESK_SQLITE_BINDING;
  const sourceDir = path.dirname(require.resolve(`${driver}/package.json`));
  const sourceVersion = JSON.parse(readFileSync(path.join(sourceDir, 'package.json'), 'utf8')).version;
  const sideDir = path.join(root, 'dist', 'electron-native', `electron-${electron.version}`);
  const moduleDir = path.join(sideDir, 'node_modules', driver);
  const binding = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
  const stamp = path.join(sideDir, 'stamp.json');
  const wanted = JSON.stringify({ electron: electron.version, [driver]: sourceVersion, platform: process.platform, arch: process.arch });
  if (existsSync(binding) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return binding;

  console.log(`ChartDesk desktop: building ${driver} ${sourceVersion} for Electron ${electron.version} (once)…`);
  rmSync(sideDir, { recursive: true, force: true });
  mkdirSync(path.dirname(moduleDir), { recursive: true });
  // Sources only: the Node-ABI build/ must not be mistaken for an Electron one.
  cpSync(sourceDir, moduleDir, { recursive: true, filter: (src) => path.relative(sourceDir, src).split(path.sep)[0] !== 'build' });
  writeFileSync(path.join(sideDir, 'package.json'), JSON.stringify({ name: 'chartdesk-electron-native', private: true, dependencies: { [driver]: sourceVersion } }, null, 2));
  try {
    const { rebuild } = await import('@electron/rebuild');
    // Tries the driver's prebuilt Electron binary first, then compiles against Electron's
    // headers; both need the network once, like the Electron download itself.
    await rebuild({ buildPath: sideDir, electronVersion: electron.version, onlyModules: [driver], force: true });
  } catch (error) {
    fail([
      `ChartDesk desktop: could not build ${driver} for Electron.`,
      `  ${error instanceof Error ? error.message : String(error)}`,
      '',
      '  Needs network access (prebuilt binary or Electron headers) or a C++ toolchain.',
      '  Alternative: `npx electron-builder install-app-deps` rebuilds node_modules for Electron in place;',
      `  afterwards run \`npm rebuild ${driver}\` before using the CLI, tests or \`npm run serve\` again.`,
      `  If you did that already, start with CHARTDESK_SQLITE_BINDING=node_modules/${driver}/build/Release/better_sqlite3.node.`,
    ]);
  }
  if (!existsSync(binding)) fail([`ChartDesk desktop: the Electron build of ${driver} is missing at ${binding}.`]);
  writeFileSync(stamp, wanted);
  return binding;
};

const binding = await electronSqliteBinding();

const child = spawn(electron.binary, [root, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CHARTDESK_SQLITE_BINDING: path.resolve(root, binding), ELECTRON_ENABLE_LOGGING: process.env.ELECTRON_ENABLE_LOGGING ?? '1' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
