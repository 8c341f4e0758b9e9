import { describe, expect, it } from 'vitest';
import { formatSummary, summarise } from '../../../scripts/crash-harness/summary.js';
import { DELIVERY_CRASH_POINTS, INTAKE_CRASH_POINTS, type TrialResult, runTrial } from '../../../scripts/crash-harness/trial.js';

/**
 * The crash harness in quick mode (the long mode is `npm run crash-harness -- --trials 500`).
 * Each trial drops scans into a running station process that ingests, recognises, is indexed
 * and confirmed by a clerk through the API, and delivers to a real FHIR engine; the station is
 * SIGKILLed at a named intake point, after the repository answered a delivery, at random
 * moments, and while one delivered document is corrected (at random, and after the repository
 * answered the replacement), and restarted until the work is done. The end state is then checked: every page in
 * exactly one document or its file in quarantine, one DocumentReference per document and no
 * orphan Binary, exactly one replacement per correction with the original marked, the outbox empty, the database intact, the audit chain unbroken.
 */
describe('the crash harness, quick mode', () => {
  it('loses nothing and duplicates nothing with a kill at every named crash point and at random', async () => {
    const results: TrialResult[] = [];
    // One trial per intake point, each also killed once at random (early in the next life, while
    // its work is surely not done, on a fast machine too) and once in delivery.
    for (const [i, intakePoint] of INTAKE_CRASH_POINTS.entries()) {
      results.push(await runTrial(7_000 + i, { intakePoint, randomKills: 1, randomKillWindowMs: [300, 1_500], lifeTimeoutMs: 150_000 }));
    }
    const summary = summarise(results);
    const report = formatSummary(summary);
    expect(summary.failed, report).toEqual([]);
    for (const point of [...INTAKE_CRASH_POINTS, ...DELIVERY_CRASH_POINTS]) expect(summary.kills[point] ?? 0, `${point}\n${report}`).toBeGreaterThan(0);
    expect(summary.kills.random ?? 0, report).toBeGreaterThan(0);
    // Three documents a trial and the replacement of the one corrected, unless a sound file was
    // quarantined because two lives died reading it (by design; the end state checked it is in
    // quarantine, whole).
    if (summary.setAsideAfterInterruptedReads === 0) expect(summary.documents, report).toBe(4 * results.length);
    else expect(summary.documents, report).toBeLessThan(4 * results.length);
  }, 900_000);
});
