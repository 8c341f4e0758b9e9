import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * What some tests need from outside the repository: the shared corpus of real scans, and the
 * command-line tools that check the PDFs ChartDesk writes. A test that needs one asks here, and
 * nowhere else, so that a missing input is never a silent skip:
 *
 * - by default a missing input FAILS the test (and the run), naming what is missing and how to
 *   get it; CI (`.ci/run`) installs the tools and has the corpus beside the clone;
 * - a developer without them may opt in to skipping, by name, with
 *   CHARTDESK_TESTS_MAY_SKIP=corpus,poppler (or `all`); the run then says so loudly, at the start
 *   and at the end (see prerequisites-banner.ts). `.ci/run` unsets that variable.
 *
 * This module has no test-runner imports, so `.ci/run` can check the machine with it before the
 * long run (check-prerequisites.ts); prerequisites.ts wraps it for vitest.
 */

export type Prerequisite = 'corpus' | 'poppler' | 'qpdf' | 'openssl';

export const MAY_SKIP_VARIABLE = 'CHARTDESK_TESTS_MAY_SKIP';
export const CORPUS_VARIABLE = 'CHARTDESK_CORPUS_DIR';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Whether a program is on PATH and executable (no shell involved). */
export function onPath(program: string, path = process.env.PATH ?? ''): boolean {
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      try {
        accessSync(join(dir, program + extension), constants.X_OK);
        return true;
      } catch {
        // Not in this folder: try the next.
      }
    }
  }
  return false;
}

/**
 * The shared corpus: CHARTDESK_CORPUS_DIR if set, else the `shared/corpus` nearest above the
 * clone (`../shared/corpus` on CI; a git worktree one level deeper finds the same folder).
 */
export function corpusCandidates(root = repoRoot, env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = env[CORPUS_VARIABLE]?.trim();
  if (chosen) return [resolve(chosen)];
  const candidates: string[] = [];
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    candidates.push(join(dir, 'shared', 'corpus'));
    if (dirname(dir) === dir) return candidates;
  }
}

const isCorpus = (dir: string) => existsSync(join(dir, 'barcodes')) && existsSync(join(dir, 'ocr'));

/** The corpus folder found, or where it should be (the first place looked) when it is absent. */
export const corpusDir: string = corpusCandidates().find(isCorpus) ?? corpusCandidates()[0]!;

interface Check {
  present: () => boolean;
  /** What is missing and how to get it, for the failure message. */
  remedy: () => string;
}

const tools = (names: string[], apt: string): Check => ({
  present: () => names.every((name) => onPath(name)),
  remedy: () => {
    const missing = names.filter((name) => !onPath(name));
    return `${(missing.length > 0 ? missing : names).join(', ')} not on PATH (apt-get install ${apt})`;
  },
});

const checks: Record<Prerequisite, Check> = {
  corpus: {
    present: () => isCorpus(corpusDir),
    remedy: () =>
      `the shared test corpus (real scans: barcodes/ and ocr/, see its README.md) is not at ${corpusCandidates().join(' nor ')}; ` +
      `put it beside the clone as ../shared/corpus or point ${CORPUS_VARIABLE} at it`,
  },
  poppler: tools(['pdftotext', 'pdfimages', 'pdfinfo', 'pdftoppm'], 'poppler-utils'),
  qpdf: tools(['qpdf'], 'qpdf'),
  openssl: tools(['openssl'], 'openssl'),
};

const present = new Map<Prerequisite, boolean>();
const isPresent = (name: Prerequisite) => {
  if (!present.has(name)) present.set(name, checks[name].present());
  return present.get(name)!;
};

/** The prerequisites a developer has allowed to be skipped, from CHARTDESK_TESTS_MAY_SKIP. */
export function maySkip(env: NodeJS.ProcessEnv = process.env): Set<string> {
  return new Set(
    (env[MAY_SKIP_VARIABLE] ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
}

export type Availability = { state: 'present' } | { state: 'skip' | 'fail'; message: string };

/** Whether the named prerequisites are here, and if not, whether their tests skip or fail. */
export function availability(names: readonly Prerequisite[], env: NodeJS.ProcessEnv = process.env, present: (name: Prerequisite) => boolean = isPresent): Availability {
  const missing = names.filter((name) => !present(name));
  if (missing.length === 0) return { state: 'present' };
  const allowed = maySkip(env);
  const skippable = missing.every((name) => allowed.has(name) || allowed.has('all'));
  const what = missing.map((name) => `${name}: ${checks[name].remedy()}`).join('; ');
  return skippable
    ? { state: 'skip', message: `SKIPPED because ${MAY_SKIP_VARIABLE} allows it: ${what}` }
    : { state: 'fail', message: `Missing test prerequisite. ${what}. To skip these tests on a developer machine instead, set ${MAY_SKIP_VARIABLE}=${missing.join(',')} (never on CI).` };
}

/** Every prerequisite, for the banner and the CI check. */
export const allPrerequisites: readonly Prerequisite[] = ['corpus', 'poppler', 'qpdf', 'openssl'];
