import { describe, expect, it } from 'vitest';
import { availability, corpusCandidates, maySkip, onPath } from '../../support/prerequisite-checks.js';

/** The helper every conditional test goes through: a missing input fails unless skipping it was asked for by name. */
describe('test prerequisites', () => {
  const absent = () => false;

  it('fail, naming everything missing and how to skip it, when nothing is allowed', () => {
    const a = availability(['corpus', 'qpdf'], {}, absent);
    expect(a.state).toBe('fail');
    expect(a.state !== 'present' && a.message).toMatch(
      /^Missing test prerequisite\. corpus: the shared test corpus .*; qpdf: qpdf not on PATH \(apt-get install qpdf\)\. .*CHARTDESK_TESTS_MAY_SKIP=corpus,qpdf \(never on CI\)/,
    );
  });

  it('still fail when only some of the missing ones may be skipped', () => {
    expect(availability(['corpus', 'qpdf'], { CHARTDESK_TESTS_MAY_SKIP: 'corpus' }, absent).state).toBe('fail');
  });

  it('skip, saying why, when each missing one is allowed by name or by "all"', () => {
    const named = availability(['corpus', 'qpdf'], { CHARTDESK_TESTS_MAY_SKIP: ' Corpus , qpdf' }, absent);
    expect(named).toMatchObject({ state: 'skip', message: expect.stringMatching(/^SKIPPED because CHARTDESK_TESTS_MAY_SKIP allows it: corpus: /) });
    expect(availability(['poppler'], { CHARTDESK_TESTS_MAY_SKIP: 'all' }, absent).state).toBe('skip');
    expect(availability(['poppler'], { CHARTDESK_TESTS_MAY_SKIP: 'all' }, () => true).state).toBe('present');
    expect([...maySkip({ CHARTDESK_TESTS_MAY_SKIP: 'corpus,,POPPLER' })]).toEqual(['corpus', 'poppler']);
  });

  it('look for the corpus beside the clone and above it, or only where CHARTDESK_CORPUS_DIR says', () => {
    expect(corpusCandidates('/work/wt/clone', {})).toEqual(['/work/wt/shared/corpus', '/work/shared/corpus', '/shared/corpus']);
    expect(corpusCandidates('/work/wt/clone', { CHARTDESK_CORPUS_DIR: '/data/corpus' })).toEqual(['/data/corpus']);
  });

  it('find programs on PATH without a shell', () => {
    expect(onPath('node')).toBe(true);
    expect(onPath('chartdesk-no-such-program')).toBe(false);
    expect(onPath('node', '')).toBe(false);
  });
});
