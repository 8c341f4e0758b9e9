import { spawnSync } from 'node:child_process';

/** Samples this process's resident memory (worker threads included) until stopped. */
export function sampleRss(intervalMs = 100): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Runs a peer tool and returns its wall time, or null when it failed. */
export function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number | null {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: 'ignore', env: { ...process.env, ...env } });
  return result.status === 0 ? performance.now() - started : null;
}
