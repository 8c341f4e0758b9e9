import { type TestFunction, describe, it } from 'vitest';
import { type Prerequisite, availability } from './prerequisite-checks.js';

/*
 * `describe` and `it` for tests that need something from outside the repository (the shared
 * corpus, poppler-utils, qpdf, openssl): every conditional test in test/ goes through these,
 * so a missing input fails the run by default and is skipped only when a developer asked for it
 * (see prerequisite-checks.ts).
 */
export { type Prerequisite, corpusDir } from './prerequisite-checks.js';

type DescribeBody = () => void;
type TestBody = TestFunction;

/**
 * `describe` for a group of tests that need the named prerequisites: runs them when present;
 * when absent, the group is one failing test that says what is missing, or (opted in) skipped
 * with that said in its name and on stderr.
 */
export function describeWith(names: readonly Prerequisite[], title: string, body: DescribeBody): void {
  const a = availability(names);
  if (a.state === 'present') describe(title, body);
  else if (a.state === 'skip') {
    console.warn(`\n*** ${title}: ${a.message}\n`);
    describe.skip(`${title} [${a.message}]`, body);
  } else
    describe(title, () => {
      it('has what it needs to run', () => {
        throw new Error(a.message);
      });
    });
}

/** `it` for one test that needs the named prerequisites (see describeWith). */
export function itWith(names: readonly Prerequisite[], title: string, body: TestBody, timeout?: number): void {
  const a = availability(names);
  if (a.state === 'present') it(title, body, timeout);
  else if (a.state === 'skip') {
    console.warn(`\n*** ${title}: ${a.message}\n`);
    it.skip(`${title} [${a.message}]`, body, timeout);
  } else
    it(title, () => {
      throw new Error(a.message);
    });
}

/** For setup that reads an input outside a test body (a beforeAll): throws the message unless present or skippable. */
export function requireFor(names: readonly Prerequisite[]): boolean {
  const a = availability(names);
  if (a.state === 'fail') throw new Error(a.message);
  return a.state === 'present';
}
