import { afterEach, describe, expect, it } from 'vitest';
import { type Isolation, WorkerPool, WorkerTaskError, workerScript } from '../../../electron/engine/workers/worker-pool.js';
import type { MisbehavingTask } from './fixtures/misbehaving.worker.js';

let pool: WorkerPool<MisbehavingTask, string, number> | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

const openPool = (isolation: Isolation, options: { taskTimeoutMs?: number | ((task: MisbehavingTask) => number); residentMb?: number } = {}) =>
  (pool = new WorkerPool<MisbehavingTask, string, number>({
    script: workerScript(import.meta.url, './fixtures/misbehaving.worker'),
    size: 1,
    taskTimeoutMs: options.taskTimeoutMs ?? 30_000,
    isolation,
    memory: { heapMb: 64, ...(options.residentMb ? { residentMb: options.residentMb } : {}) },
  }));

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkerTaskError) return error.code;
    throw error;
  }
  return 'answered';
};

describe.each(['thread', 'process'] as const)('a %s pool', (isolation) => {
  it('kills a worker over its heap cap, fails the task as out-of-memory, and answers the next task with a fresh worker', async () => {
    const p = openPool(isolation);
    expect(await failureOf(p.run({ kind: 'hog-heap' }))).toBe('out-of-memory');
    expect(await p.run({ kind: 'echo', value: 'after' })).toMatch(/^echo after/);
  });

  it('kills a worker that runs past the time limit and goes on', async () => {
    // The short limit is the hanging task's alone: the next task's fresh worker (a process
    // started under tsx, about a second on an idle machine) has the usual 30 s, however busy the machine.
    const p = openPool(isolation, { taskTimeoutMs: (task) => (task.kind === 'hang' ? 4_000 : 30_000) });
    await expect(p.run({ kind: 'hang' })).rejects.toThrow('task exceeded 4000 ms');
    expect(await p.run({ kind: 'echo', value: 'after' })).toMatch(/^echo after/);
  });

  it('gives each reported step its own time limit: a long task that keeps reporting finishes', async () => {
    // Twelve steps of 0.5 s against a 2 s limit: 6 s in all, three times the limit.
    const p = openPool(isolation, { taskTimeoutMs: (task) => (task.kind === 'pages' ? 2_000 : 30_000) });
    await p.run({ kind: 'echo', value: 'started' }); // the worker is up: its start-up is not the first step's
    const reported: number[] = [];
    expect(await p.run({ kind: 'pages', pages: 12, stepMs: 500 }, (page) => reported.push(page))).toBe('12 pages');
    expect(reported).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('still stops a task one limit after its last report when it stalls', async () => {
    const p = openPool(isolation, { taskTimeoutMs: (task) => (task.kind === 'pages' ? 2_000 : 30_000) });
    const reported: number[] = [];
    await expect(p.run({ kind: 'pages', pages: 3, stepMs: 100, thenHang: true }, (page) => reported.push(page))).rejects.toThrow('task exceeded 2000 ms without progress');
    expect(reported).toEqual([1, 2, 3]);
    expect(await p.run({ kind: 'echo', value: 'after' })).toMatch(/^echo after/);
  });

  it('stops a task at its whole-task limit however often it reports (a person waits for it)', async () => {
    const p = new WorkerPool<MisbehavingTask, string, number>({
      script: workerScript(import.meta.url, './fixtures/misbehaving.worker'),
      size: 1,
      taskTimeoutMs: 30_000,
      wholeTaskTimeoutMs: 2_000,
      isolation,
    });
    pool = p;
    await expect(p.run({ kind: 'pages', pages: 40, stepMs: 200 })).rejects.toThrow('task exceeded 2000 ms');
  });

  it('reports a worker that exits mid-task as crashed and goes on', async () => {
    const p = openPool(isolation);
    expect(await failureOf(p.run({ kind: 'exit' }))).toBe('crashed');
    expect(await p.run({ kind: 'echo', value: 'after' })).toMatch(/^echo after/);
  });
});

describe('a process pool', () => {
  it('runs its work in another process', async () => {
    const p = openPool('process');
    expect(await p.run({ kind: 'echo', value: 'x' })).not.toBe(`echo x from ${process.pid}`);
  });

  it('kills a worker whose native memory (outside the heap) passes the resident cap', async () => {
    const p = openPool('process', { residentMb: 400 });
    const started = process.memoryUsage.rss();
    expect(await failureOf(p.run({ kind: 'hog-native' }))).toBe('out-of-memory');
    // The buffers were the child's: this process never held them.
    expect(process.memoryUsage.rss() - started).toBeLessThan(200 * 1024 * 1024);
    expect(await p.run({ kind: 'echo', value: 'after' })).toMatch(/^echo after/);
  });
});
