/**
 * Electronegativity's CSP_GLOBAL_CHECK cannot see our policies (they are response headers), so
 * its waiver rests on this test: the evaluator that check runs (Google's CSP Evaluator, as
 * packaged for Electronegativity) on both policies ChartDesk sends.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy as desktopPolicy } from '../../../electron/main/security-policy.js';
import { contentSecurityPolicy as serverPolicy } from '../../../electron/server/security-headers.js';

interface CspFinding {
  directive: string;
  severity: number;
  description: string;
}
interface CspEvaluatorModule {
  CspParser: new (policy: string) => { csp: unknown };
  CspEvaluator: new (csp: unknown, version: number) => { evaluate(): CspFinding[] };
  Version: { CSP3: number };
  severities: Record<string, number>;
}

const cspEvaluator = createRequire(import.meta.url)('@doyensec/csp-evaluator') as CspEvaluatorModule;
const severityName = new Map(Object.entries(cspEvaluator.severities).map(([name, value]) => [value, name]));

const evaluate = (policy: string) =>
  new cspEvaluator.CspEvaluator(new cspEvaluator.CspParser(policy).csp, cspEvaluator.Version.CSP3)
    .evaluate()
    .map((finding) => ({ severity: severityName.get(finding.severity), directive: finding.directive, description: finding.description }));

/**
 * The one remark accepted: 'self' in script-src is weak where the origin also serves JSONP or
 * user uploads as script. Ours serves only the built bundle; page images come from a separate
 * scheme (desktop) or as image/* with nosniff (headless), which a browser will not run.
 */
const selfScriptRemark = { severity: 'MEDIUM_MAYBE', directive: 'script-src', description: expect.stringMatching(/'self' can be problematic/) };

describe('content security policies, as Electronegativity’s CSP check would judge them', () => {
  it.each([
    ['desktop (app://)', desktopPolicy],
    ['headless station', serverPolicy],
  ])('%s: nothing the CSP check would flag as weak', (_name, policy) => {
    expect(evaluate(policy)).toEqual([selfScriptRemark]);
  });

  it('the evaluator does flag a weakened policy (the check is real)', () => {
    const weakened = evaluate(desktopPolicy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("object-src 'none'; ", ''));
    expect(weakened.map((f) => `${f.severity} ${f.directive}`)).toEqual(expect.arrayContaining(['HIGH script-src', 'HIGH_MAYBE object-src']));
  });
});
