/**
 * Entry of the engine inside Electron's utilityProcess. Plain Node: it must not import 'electron'
 * (the engine also runs headless); Electron's `process.parentPort` is declared locally instead
 * (engine-host.ts). Everything but the process itself lives in engine-host.ts, which tests run.
 */
import { type ParentPort, runEngineHost } from './engine-host.js';

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

process.on('uncaughtException', (error) => {
  // Logged by class only (messages may carry PHI); exiting lets main restart a clean engine.
  console.error(`[chartdesk:engine] uncaught ${error.name}`);
  process.exit(70);
});

if (parentPort) {
  runEngineHost(parentPort, { argv: process.argv, env: process.env, exit: (code) => process.exit(code) });
} else {
  console.error('utility-process-host must be started by the ChartDesk desktop shell (Electron utilityProcess).');
  process.exitCode = 64;
}
