// Starts a worker written in TypeScript when the engine runs from its sources (tests, `tsx`).
// Node 20 ignores `--import` in a worker's execArgv, so the loader is registered here, inside
// the worker, before the real entry is imported. The built app never uses this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.chartdeskWorkerEntry);
