/**
 * The crash harness, long mode: `npm run crash-harness -- --trials 500 [--seed N] [--out FILE]`.
 * Each trial gets its own seed (the first is --seed, default from the clock, then +1 each); a
 * failing trial prints its seed, and `--seed N --trials 1` replays it exactly as far as the
 * scans, the crash points and the kill times go (the operating system decides the rest).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatSummary, summarise } from './summary.js';
import { type TrialResult, runTrial } from './trial.js';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '1' },
    seed: { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const trials = Number(values.trials);
const firstSeed = values.seed !== undefined ? Number(values.seed) : Date.now() % 1_000_000;
if (!Number.isInteger(trials) || trials < 1 || !Number.isInteger(firstSeed)) {
  process.stderr.write('usage: npm run crash-harness -- [--trials N] [--seed N] [--out FILE] [--keep]\n');
  process.exit(2);
}

const results: TrialResult[] = [];
let stopping = false;
// Ctrl+C ends the run after the current trial, with the summary of what ran.
process.once('SIGINT', () => {
  stopping = true;
  process.stderr.write('\nStopping after this trial...\n');
});

const report = async () => {
  const text = formatSummary(summarise(results));
  if (values.out) await writeFile(values.out, `${text}\n`);
  return text;
};

for (let i = 0; i < trials && !stopping; i++) {
  const seed = firstSeed + i;
  const result = await runTrial(seed, { keepDir: values.keep ? 'always' : 'on-failure', log: (line) => process.stderr.write(`${line}\n`) });
  results.push(result);
  const kills = Object.entries(result.kills)
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');
  process.stderr.write(`trial ${i + 1}/${trials} seed ${seed}: ${result.ok ? 'ok' : 'FAILED'} in ${(result.durationMs / 1000).toFixed(1)} s (${kills || 'no kills'})\n`);
  for (const p of result.problems) process.stderr.write(`  - ${p}\n`);
  // The summary file is rewritten after every trial, so a long run can be watched and interrupted.
  await report();
}
process.stdout.write(`${await report()}\n`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
