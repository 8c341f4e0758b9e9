import { MAY_SKIP_VARIABLE, allPrerequisites, availability, maySkip } from './prerequisite-checks.js';

/*
 * Vitest global setup: when a developer opted in to skipping tests whose inputs are missing, the
 * run says so before the first test and again after the last, so a green run on a laptop is
 * never mistaken for one that checked everything.
 */
function banner(): string | null {
  if (maySkip().size === 0) return null;
  const skipped = allPrerequisites.flatMap((name) => {
    const a = availability([name]);
    return a.state === 'present' ? [] : [`  - ${a.message}`];
  });
  const rule = '*'.repeat(100);
  return [
    rule,
    `${MAY_SKIP_VARIABLE}=${process.env[MAY_SKIP_VARIABLE]} is set: tests whose inputs are missing are SKIPPED, not failed.`,
    skipped.length ? `This run does not check:\n${skipped.join('\n')}` : 'Nothing is missing on this machine, so nothing is skipped.',
    'CI never sets this variable; unset it to make a missing input fail the run.',
    rule,
  ].join('\n');
}

export default function setup(): () => void {
  const text = banner();
  if (text) console.warn(`\n${text}\n`);
  return () => {
    if (text) console.warn(`\n${text}\n`);
  };
}
