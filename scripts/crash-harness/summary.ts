import type { KillKind, TrialResult } from './trial.js';

export interface HarnessSummary {
  trials: number;
  passed: number;
  failed: TrialResult[];
  kills: Partial<Record<KillKind, number>>;
  documents: number;
  setAsideAfterInterruptedReads: number;
  files: number;
  lives: number;
  durationMs: number;
}

export function summarise(results: readonly TrialResult[]): HarnessSummary {
  const kills: Partial<Record<KillKind, number>> = {};
  for (const r of results) for (const [kind, n] of Object.entries(r.kills) as [KillKind, number][]) kills[kind] = (kills[kind] ?? 0) + n;
  return {
    trials: results.length,
    passed: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok),
    kills,
    documents: results.reduce((n, r) => n + r.documents, 0),
    setAsideAfterInterruptedReads: results.reduce((n, r) => n + r.setAsideAfterInterruptedReads, 0),
    files: results.reduce((n, r) => n + r.files, 0),
    lives: results.reduce((n, r) => n + r.lives, 0),
    durationMs: results.reduce((n, r) => n + r.durationMs, 0),
  };
}

export function formatSummary(summary: HarnessSummary): string {
  const lines = [
    `Crash harness: ${summary.trials} trial(s), ${summary.passed} passed, ${summary.failed.length} failed`,
    `  files dropped: ${summary.files}; documents delivered: ${summary.documents}; station starts: ${summary.lives}; time: ${Math.round(summary.durationMs / 1000)} s`,
    `  sound files quarantined after the station died three times reading them: ${summary.setAsideAfterInterruptedReads}`,
    '  SIGKILLs by crash point:',
    ...Object.entries(summary.kills)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, n]) => `    ${kind.padEnd(28)} ${n}`),
  ];
  for (const f of summary.failed) {
    lines.push(`  FAILED seed ${f.seed} (replay: npm run crash-harness -- --seed ${f.seed})${f.keptDir ? `; files kept in ${f.keptDir}` : ''}`);
    for (const p of f.problems) lines.push(`    - ${p}`);
  }
  return lines.join('\n');
}
