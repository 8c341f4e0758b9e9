import type { IntakeCrashPoint } from '../engine/intake/file-intake.js';

/**
 * The crash tests name a point with CHARTDESK_TEST_CRASH_AT; the station then kills itself
 * there with SIGKILL, as a power cut would, with no chance to clean up.
 */
export function crashPointFromEnv(env: NodeJS.ProcessEnv = process.env): ((point: IntakeCrashPoint) => void) | undefined {
  const target = env.CHARTDESK_TEST_CRASH_AT;
  if (!target) return undefined;
  return (point) => {
    if (point === target) process.kill(process.pid, 'SIGKILL');
  };
}

/**
 * The poison-file tests run `chartdesk serve` with decoder threads, as the desktop engine has them
 * (CHARTDESK_TEST_DECODE_ISOLATION=thread); the CLI and the headless station use processes.
 */
export function decodeIsolationFromEnv(env: NodeJS.ProcessEnv = process.env): { decodeIsolation: 'thread' } | Record<string, never> {
  return env.CHARTDESK_TEST_DECODE_ISOLATION === 'thread' ? { decodeIsolation: 'thread' } : {};
}
