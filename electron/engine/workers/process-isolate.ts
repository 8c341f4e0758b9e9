import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type IsolateEvents, type MemoryCap, type RunningIsolate, type WorkerScript, WorkerTaskError } from './isolate.js';

const require = createRequire(import.meta.url);

/** What V8 prints when a process dies at its heap limit (the process aborts; the message is all that is left). */
const HEAP_EXHAUSTED = /heap out of memory|Reached heap limit|Allocation failed/i;
const RESIDENT_POLL_MS = 200;

async function residentMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'latin1');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * A forked child process. Costs a Node start (a few hundred ms, once per isolate), but whatever
 * the bytes do to it (a V8 heap abort, a native crash, runaway native memory) ends it alone: the
 * station's process never shares its fate, which a worker thread cannot promise.
 */
export function startProcessIsolate<I, O>(script: WorkerScript, memory: MemoryCap | undefined, events: IsolateEvents<O>): RunningIsolate<I> {
  const entry = fileURLToPath(script.sourceEntry ?? script.url);
  const execArgv = [
    // Under the TypeScript sources the child needs tsx's loader; the built app forks plain .js.
    ...(script.sourceEntry ? ['--import', pathToFileURL(require.resolve('tsx')).href] : []),
    ...(memory ? [`--max-old-space-size=${memory.heapMb}`] : []),
  ];
  const child = fork(entry, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });

  // Only the tail is kept, to tell a heap abort from other deaths; it is never logged (decoder text).
  let stderrTail = '';
  child.stderr?.setEncoding('latin1');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4096);
  });

  let overResident = false;
  const watch = memory?.residentMb
    ? setInterval(() => {
        void residentMb(child.pid ?? -1).then((mb) => {
          if (mb === null) {
            clearInterval(watch);
            return;
          }
          if (mb > memory.residentMb! && !overResident) {
            overResident = true;
            child.kill('SIGKILL');
            events.failed(new WorkerTaskError('out-of-memory', `the process used ${Math.round(mb)} MB, over its ${memory.residentMb} MB cap`));
          }
        });
      }, RESIDENT_POLL_MS)
    : undefined;
  watch?.unref();

  const closed = new Promise<void>((resolve) => {
    child.on('close', (code, signal) => {
      if (watch) clearInterval(watch);
      if (HEAP_EXHAUSTED.test(stderrTail)) {
        events.failed(new WorkerTaskError('out-of-memory', `the process's heap passed ${memory?.heapMb ?? 'its'} MB`));
      } else {
        events.failed(new WorkerTaskError('crashed', `worker process ended (${signal ?? `code ${code}`})`));
      }
      resolve();
    });
  });
  child.on('message', (output) => events.message(output as O));
  child.on('error', (error) => events.failed(new WorkerTaskError('crashed', error.message)));
  const exited = () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;

  return {
    send: (input) => {
      if (!child.connected) {
        events.failed(new WorkerTaskError('crashed', 'worker process is gone'));
        return;
      }
      child.send(input as never, (error) => {
        if (error) events.failed(new WorkerTaskError('crashed', error.message));
      });
    },
    terminate: async () => {
      // A child that never started has no 'close' to wait for.
      if (child.pid === undefined) return;
      if (!exited()) child.kill('SIGKILL');
      await closed;
    },
  };
}
