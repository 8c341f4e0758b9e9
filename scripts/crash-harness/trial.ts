import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Accounts } from '../../electron/engine/auth/accounts.js';
import { stationPaths } from '../../electron/engine/config/station-paths.js';
import { loadOrCreateKeyFile } from '../../electron/engine/crypto/key-file.js';
import type { StationKey } from '../../electron/engine/crypto/station-key.js';
import { openDatabase } from '../../electron/engine/db/connection.js';
import { OutboxRepository } from '../../electron/engine/db/repositories/outbox.js';
import { SettingsRepository } from '../../electron/engine/db/repositories/settings.js';
import { CORRECTION_POLICY_KEY } from '../../electron/engine/corrections/corrections.js';
import type { DeliveryCrashPoint } from '../../electron/engine/delivery/outbox-sender.js';
import { PatientIndex, importPatientsCsv } from '../../electron/engine/indexing/patient-index/index.js';
import type { IntakeCrashPoint } from '../../electron/engine/intake/file-intake.js';
import { type FhirPeer, startFhirPeer } from '../../test/support/fhir-peer.js';
import { mpiCsv } from '../samples/fake-mpi.js';
import { type Random, createRandom } from '../samples/index.js';
import { CORRECTION_NOT_STARTED, endStateViolations, trialProgress } from './end-state.js';
import { HARNESS_CLERK } from './harness-clerk.js';
import { defaultReviewPolicy } from '../../shared/domain/review.js';
import { ReviewRepository } from '../../electron/engine/db/repositories/review.js';
import { ReviewGate } from '../../electron/engine/review/review-gate.js';
import { type TrialInputFile, generateTrialScans, patientIndexRows } from './trial-scans.js';

export const INTAKE_CRASH_POINTS: readonly IntakeCrashPoint[] = ['while-decoding', 'after-pages-stored', 'after-original-archived', 'after-rows-committed', 'after-source-removed'];
export const DELIVERY_CRASH_POINTS: readonly DeliveryCrashPoint[] = ['after-repository-answered', 'after-correction-answered'];
export type CrashPoint = IntakeCrashPoint | DeliveryCrashPoint;
/** How a life of the station ended, for the summary: a named point, a kill at a random moment, or neither. */
export type KillKind = CrashPoint | 'random';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const childScript = fileURLToPath(new URL('./station-child.ts', import.meta.url));

/**
 * One run of the station process, from start to its death or its orderly stop. `corrects`: the
 * clerk corrects a delivered document in this life (lives before the correction phase are
 * stopped once only the correction is left, so the correction's own kills land where planned).
 */
type Life = ({ kind: 'crash-point'; point: CrashPoint; occurrence: number } | { kind: 'random-kill'; afterMs: number } | { kind: 'to-the-end' }) & { corrects: boolean };

export interface TrialPlan {
  seed: number;
  lives: Life[];
  /** When each file lands in the drop folder, in ms after the first start. */
  dropAfterMs: number[];
  /** The repository commits the next transaction and then drops the connection unanswered. */
  dropConnectionAfterCommit: boolean;
}

export interface TrialResult {
  seed: number;
  ok: boolean;
  problems: string[];
  kills: Partial<Record<KillKind, number>>;
  lives: number;
  files: number;
  documents: number;
  /** Sound files the poison-file guard quarantined because the station died three times while reading them. */
  setAsideAfterInterruptedReads: number;
  durationMs: number;
  /** The trial's folder, kept when it failed (or on request) so it can be examined. */
  keptDir: string | null;
}

export interface TrialOptions {
  /** Forces the intake crash point (the quick test covers each once); else drawn from the seed. */
  intakePoint?: IntakeCrashPoint;
  /** Random kills between the intake and the delivery crash points (default: 1 to 3, from the seed). */
  randomKills?: number;
  /** When a random kill fires, in ms after the station was started (default 300 to 8000). */
  randomKillWindowMs?: readonly [number, number];
  /** Longest a life may run before the trial is declared stuck. */
  lifeTimeoutMs?: number;
  keepDir?: 'never' | 'on-failure' | 'always';
  log?: (line: string) => void;
}

function planTrial(seed: number, random: Random, fileCount: number, scanFileCount: number, options: TrialOptions): TrialPlan {
  const point = options.intakePoint ?? random.pick(INTAKE_CRASH_POINTS);
  // Removing the dropped file happens for every outcome; the other intake points only for files that decode.
  const intakeOccurrences = point === 'after-source-removed' || point === 'while-decoding' ? fileCount : scanFileCount;
  const randomKills = options.randomKills ?? random.int(1, 3);
  const [earliest, latest] = options.randomKillWindowMs ?? [300, 8_000];
  const lives: Life[] = [
    { kind: 'crash-point', point, occurrence: random.int(1, intakeOccurrences), corrects: false },
    // While recognition, indexing and delivery are still ahead, so a random kill lands on work
    // in progress (after everything is delivered there is nothing left for it to interrupt).
    ...Array.from({ length: randomKills }, (): Life => ({ kind: 'random-kill', afterMs: random.int(earliest, latest), corrects: false })),
    // Three documents per trial: any of their deliveries may be the one interrupted.
    { kind: 'crash-point', point: 'after-repository-answered', occurrence: random.int(1, 3), corrects: false },
    // Then one of them is corrected: killed somewhere in the correction (start, confirmation,
    // approval, sending), then after the repository took the replacement and answered.
    { kind: 'random-kill', afterMs: random.int(300, 2_500), corrects: true },
    { kind: 'crash-point', point: 'after-correction-answered', occurrence: 1, corrects: true },
    { kind: 'to-the-end', corrects: true },
  ];
  return { seed, lives, dropAfterMs: Array.from({ length: fileCount }, () => random.int(0, 2_000)), dropConnectionAfterCommit: random.chance(0.5) };
}

/** The station's database before its first start: the clerk's account, the patients, the FHIR target. */
async function prepareStation(dataDir: string, key: StationKey, patients: ReturnType<typeof patientIndexRows>, peer: FhirPeer): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(stationPaths(dataDir).database, { key: key.databaseKey() });
  try {
    await new Accounts(db, () => new Date()).createUser({ ...HARNESS_CLERK, role: 'admin' });
    await importPatientsCsv(new PatientIndex(db), [mpiCsv(patients)]);
    // One person confirms and approves here: the review rule lets an administrator approve their own work.
    new ReviewGate(new ReviewRepository(db), new SettingsRepository(db)).savePolicy({ ...defaultReviewPolicy, allowSelfApproval: true });
    // With a target saved, the station does not add its default local folder.
    new OutboxRepository(db).saveTarget('fhir', { kind: 'fhir', id: 'fhir', baseUrl: peer.baseUrl, patientIdentifierSystem: 'urn:oid:2.16.840.1.113883.19.5' }, true, new Date().toISOString());
    // One account does everything here, so a correction is approved by the one who made it (four eyes is tested elsewhere).
    new SettingsRepository(db).set(CORRECTION_POLICY_KEY, { secondReviewer: false });
  } finally {
    db.close();
  }
}

/** A scanner writes under a temporary name and renames when done, as the watcher expects. */
async function dropFile(dropDir: string, file: TrialInputFile): Promise<void> {
  const part = join(dropDir, `${file.name}.part`);
  await writeFile(part, file.bytes);
  await rename(part, join(dropDir, file.name));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves at the deadline (an end to waiting, not a guess at how long something takes). */
function deadlineTimer(deadline: number): { reached: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const reached = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
  return { reached, cancel: () => clearTimeout(timer) };
}

interface LifeEnd {
  signal: NodeJS.Signals | null;
  code: number | null;
  /** We killed it (random moment, stuck, timeout) rather than it killing itself at its crash point. */
  killedByHarness: boolean;
  finished: boolean;
  /** Stopped in order because only the correction was left and this life does not correct. */
  stoppedBeforeCorrection: boolean;
  problem: string | null;
  stderrTail: string;
}

interface StationUnderTest {
  dataDir: string;
  dropDir: string;
  keyFile: string;
  key: StationKey;
  fallbackMrn: string;
}

interface RunningChild {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the station has opened (and listens for SIGTERM). */
  opened: Promise<void>;
  stderr: () => string;
}

function startChild(station: StationUnderTest, life: Life): RunningChild {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CHARTDESK_HARNESS_CRASH_AT;
  delete env.CHARTDESK_HARNESS_CRASH_ON;
  env.CHARTDESK_HARNESS_CORRECT = life.corrects ? '1' : '0';
  if (life.kind === 'crash-point') {
    env.CHARTDESK_HARNESS_CRASH_AT = life.point;
    env.CHARTDESK_HARNESS_CRASH_ON = String(life.occurrence);
  }
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', childScript, '--data-dir', station.dataDir, '--drop-dir', station.dropDir, '--key-file', station.keyFile, '--fallback-mrn', station.fallbackMrn],
    {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const opened = new Promise<void>((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('station-child: running')) resolve();
    });
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, opened, stderr: () => stderr };
}

async function live(station: StationUnderTest, files: readonly TrialInputFile[], life: Life, timeoutMs: number): Promise<LifeEnd> {
  const { child, exited, opened, stderr } = startChild(station, life);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void exited.then((e) => (exit = e));
  let killedByHarness = false;
  const kill = () => {
    killedByHarness = true;
    child.kill('SIGKILL');
  };
  const timer = life.kind === 'random-kill' ? setTimeout(kill, life.afterMs) : null;
  const deadline = Date.now() + timeoutMs;
  let problem: string | null = null;
  let finished = false;
  let stoppedBeforeCorrection = false;
  try {
    while (!exit) {
      await sleep(150);
      if (exit) break;
      const progress = await trialProgress(station.dataDir, station.key, station.dropDir, files);
      // The random kill may have fired while the database was being read: then that is how this life ended.
      if (killedByHarness) break;
      if (progress.stuck.length > 0) {
        problem = progress.stuck.join('; ');
        kill();
        break;
      }
      const onlyCorrectionLeft = !life.corrects && progress.remaining.length === 1 && progress.remaining[0] === CORRECTION_NOT_STARTED;
      if (progress.remaining.length === 0 || onlyCorrectionLeft) {
        // The last life may have finished the work just before it died; a station still starting
        // has no SIGTERM handler yet, so let it open before asking it to stop.
        const untilDeadline = deadlineTimer(deadline);
        await Promise.race([opened, exited, untilDeadline.reached]);
        untilDeadline.cancel();
        if (exit || killedByHarness) break;
        if (onlyCorrectionLeft) stoppedBeforeCorrection = true;
        else finished = true;
        // A random kill must not land in the orderly stop and be taken for a failed one.
        if (timer) clearTimeout(timer);
        child.kill('SIGTERM');
        break;
      }
      if (Date.now() > deadline) {
        problem = `not finished after ${Math.round(timeoutMs / 1000)} s: ${progress.remaining.join('; ')}`;
        kill();
        break;
      }
    }
    const end = await exited;
    if ((finished || stoppedBeforeCorrection) && end.code !== 0) problem = `the station did not stop cleanly (exit ${end.code ?? end.signal})`;
    return { ...end, killedByHarness, finished, stoppedBeforeCorrection, problem, stderrTail: stderr() };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * One trial: a fresh station and repository, the trial's scans dropped while the station runs,
 * the station killed at its named crash points and at random moments and restarted each time,
 * then let run until all the work is done, and the end state checked.
 */
export async function runTrial(seed: number, options: TrialOptions = {}): Promise<TrialResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const random = createRandom(seed);
  const dir = await mkdtemp(join(tmpdir(), `chartdesk-crash-${seed}-`));
  const dataDir = join(dir, 'data');
  const dropDir = join(dir, 'drop');
  await mkdir(dropDir, { recursive: true });
  const peer = await startFhirPeer();
  const kills: Partial<Record<KillKind, number>> = {};
  const problems: string[] = [];
  let lives = 0;
  let documents = 0;
  let setAsideAfterInterruptedReads = 0;
  const scans = await generateTrialScans(seed, random.fork('scans'));
  const plan = planTrial(seed, random.fork('plan'), scans.files.length, scans.files.filter((f) => f.expect === 'document').length, options);
  const drops: Promise<void>[] = [];
  const dropTimers: NodeJS.Timeout[] = [];
  try {
    const patients = patientIndexRows(scans.patients);
    // The key file lives beside the data folder, never in it (the station refuses that).
    const keyFile = join(dir, 'station.key');
    const { key } = await loadOrCreateKeyFile(keyFile, { dataDir });
    const station: StationUnderTest = { dataDir, dropDir, keyFile, key, fallbackMrn: patients[0]!.mrn };
    await prepareStation(dataDir, key, patients, peer);
    if (plan.dropConnectionAfterCommit) peer.dropAfterCommitNext(1, { match: (r) => r.isTransaction });
    scans.files.forEach((file, i) =>
      dropTimers.push(setTimeout(() => drops.push(dropFile(dropDir, file).catch((e: unknown) => void problems.push(`drop failed: ${(e as Error).message}`))), plan.dropAfterMs[i])),
    );

    for (const [index, life] of plan.lives.entries()) {
      lives++;
      const lastLife = index === plan.lives.length - 1;
      const lifeStarted = Date.now();
      const end = await live(station, scans.files, life, options.lifeTimeoutMs ?? 180_000);
      const how = end.finished
        ? 'finished'
        : end.stoppedBeforeCorrection
          ? 'stopped (only the correction left)'
          : end.signal === 'SIGKILL'
            ? end.killedByHarness
              ? 'killed by the harness'
              : 'killed itself at its crash point'
            : `exited (${end.code ?? end.signal})`;
      log(
        `  life ${lives} (${life.kind === 'crash-point' ? `${life.point} #${life.occurrence}` : life.kind === 'random-kill' ? `kill at ${life.afterMs} ms` : 'to the end'}): ${how} after ${((Date.now() - lifeStarted) / 1000).toFixed(1)} s`,
      );
      if (end.problem) {
        problems.push(end.problem);
        break;
      }
      if (end.signal === 'SIGKILL') {
        const kind: KillKind = end.killedByHarness ? 'random' : (life as Extract<Life, { kind: 'crash-point' }>).point;
        kills[kind] = (kills[kind] ?? 0) + 1;
      } else if (!end.finished && !end.stoppedBeforeCorrection) {
        problems.push(`the station exited by itself (${end.code ?? end.signal}): ${end.stderrTail.trim().split('\n').slice(-3).join(' | ')}`);
        break;
      }
      if (end.finished) break;
      if (lastLife) problems.push('the last life ended without finishing the work');
    }
    await Promise.all(drops);
    if (problems.length === 0) {
      const end = await endStateViolations(dataDir, station.key, dropDir, scans.files, peer);
      problems.push(...end.problems);
      setAsideAfterInterruptedReads = end.setAsideAfterInterruptedReads;
      documents = (await peer.documentReferences()).length;
    }
  } catch (error) {
    problems.push(`harness error: ${(error as Error).stack ?? String(error)}`);
  } finally {
    dropTimers.forEach(clearTimeout);
    await peer.close();
  }
  const ok = problems.length === 0;
  const keep = options.keepDir === 'always' || (options.keepDir !== 'never' && !ok);
  if (!keep) await rm(dir, { recursive: true, force: true });
  return { seed, ok, problems, kills, lives, files: scans.files.length, documents, setAsideAfterInterruptedReads, durationMs: Date.now() - started, keptDir: keep ? dir : null };
}
