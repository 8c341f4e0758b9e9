import { MAY_SKIP_VARIABLE, allPrerequisites, availability } from './prerequisite-checks.js';

/*
 * `.ci/run` runs this before the long test run: it fails at once, naming what is missing (the
 * shared corpus, poppler-utils, qpdf, openssl), instead of after twenty minutes of other tests.
 * Skipping is never allowed here: CI checks everything.
 */
const missing = allPrerequisites.flatMap((name) => {
  const a = availability([name], { ...process.env, [MAY_SKIP_VARIABLE]: '' });
  return a.state === 'present' ? [] : [`  - ${a.message}`];
});
if (missing.length > 0) {
  console.error(`The tests cannot run here; this machine lacks what they need:\n${missing.join('\n')}`);
  process.exitCode = 1;
} else console.log(`test prerequisites present: ${allPrerequisites.join(', ')}`);
