import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Resident memory of a process and all its descendants (worker threads, decoder children), bytes; Linux /proc. */
export function treeRss(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      // The command name may hold spaces and parentheses: the fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      rss.set(pid, Number(fields[21]) * 4096);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // Ended between readdir and read.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export interface TimedRun {
  ok: boolean;
  ms: number;
  /** Peak of the summed resident memory of the process tree, sampled every 100 ms. */
  peakRss: number;
  /**
   * User + system CPU seconds of the process and every child it waited for (GNU time), or null
   * without /usr/bin/time. On a machine shared with other work this says more than wall time.
   */
  cpuSeconds: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, timing it and sampling its process tree's memory. */
export function timedRun(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<TimedRun> {
  const gnuTime = existsSync('/usr/bin/time');
  const cpuFile = join(tmpdir(), `chartdesk-bench-cpu-${process.pid}-${Math.random().toString(36).slice(2)}`);
  if (gnuTime) {
    args = ['-f', '%U %S', '-o', cpuFile, command, ...args];
    command = '/usr/bin/time';
  }
  const cpuSeconds = () => {
    if (!gnuTime) return null;
    try {
      const [user = 0, system = 0] = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
      rmSync(cpuFile, { force: true });
      return user + system;
    } catch {
      return null;
    }
  };
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let peakRss = 0;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setInterval(() => {
    if (child.pid) peakRss = Math.max(peakRss, treeRss(child.pid));
  }, 100);
  return new Promise((resolve) => {
    child.on('error', () => {
      clearInterval(timer);
      resolve({ ok: false, ms: performance.now() - started, peakRss, cpuSeconds: cpuSeconds(), stdout, stderr });
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ ok: code === 0, ms: performance.now() - started, peakRss, cpuSeconds: cpuSeconds(), stdout, stderr });
    });
  });
}
