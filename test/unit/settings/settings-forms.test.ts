import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../../shared/api/field-errors.js';
import { SECRET_MASK, TargetConfig } from '../../../shared/domain/delivery-targets.js';
import { SeparationRules, defaultSeparationRules } from '../../../shared/domain/separation-rules.js';
import { blankDraft, draftOf, draftProblems, toTarget } from '../../../renderer/components/delivery-targets/target-draft.js';

/**
 * Settings forms check with the schemas the engine checks with (shared/domain): what a form lets
 * through, the engine takes; what it refuses carries the engine's own sentence and field path.
 */
describe('the delivery target form', () => {
  it('refuses a relative import folder with the schema sentence at "path", as the engine does', () => {
    const draft = { ...blankDraft('folder', 'his-import'), path: 'relative/import' };
    const problems = draftProblems(draft, []);
    expect(problems['path']).toMatch(/absolute path/);
    const engine = TargetConfig.safeParse({ kind: 'folder', id: 'his-import', path: 'relative/import' });
    expect(engine.success ? null : fieldErrors(engine.error)['path']).toBe(problems['path']);
  });

  it('takes an absolute folder on either convention, and a share', () => {
    for (const path of ['/srv/import', 'C:\\import', '\\\\server\\share\\import']) {
      expect(draftProblems({ ...blankDraft('folder', 'his-import'), path }, [])).toEqual({});
    }
  });

  it('asks for a time limit in seconds and a name nobody else has', () => {
    const draft = { ...blankDraft('folder', 'local-folder'), path: '/srv/import', timeoutSeconds: '' };
    expect(draftProblems(draft, [{ id: 'local-folder', enabled: true, config: null }])).toEqual({
      timeoutMs: 'Between 1 and 600 seconds.',
      id: 'There is already a target named local-folder.',
    });
    expect(draftProblems({ ...draft, timeoutSeconds: 'soon' }, [])['timeoutMs']).toBe('Between 1 and 600 seconds.');
  });

  it('refuses a delimited index whose quote is its delimiter, at the quote', () => {
    const draft = { ...blankDraft('folder', 'his-import'), path: '/srv/import', indexFormat: 'delimited' as const, delimiter: ';', quote: ';' };
    expect(draftProblems(draft, [])).toEqual({ 'index.quote': 'The quote must differ from the delimiter.' });
  });

  it('sends a saved secret back masked, which the schema takes, and a missing one is asked for', () => {
    const saved = TargetConfig.parse({
      kind: 'fhir',
      id: 'hospital-fhir',
      baseUrl: 'https://fhir.example.org/R4',
      patientIdentifierSystem: 'urn:oid:1.2.3',
      auth: { type: 'bearer', token: SECRET_MASK },
    });
    const draft = draftOf(true, saved);
    expect(draft).toMatchObject({ token: '', tokenSaved: true });
    expect(toTarget(draft)).toMatchObject({ auth: { type: 'bearer', token: SECRET_MASK } });
    expect(draftProblems(draft, [])).toEqual({});
    expect(draftProblems({ ...draft, tokenSaved: false }, [])).toEqual({ 'auth.token': 'Paste the token the server issued.' });
  });

  it('keeps what the form does not show (a file mode, a replaced status, a category) when a target is saved', () => {
    const folder = TargetConfig.parse({ kind: 'folder', id: 'dms', path: '/srv/import', fileMode: '640' });
    expect(toTarget({ ...draftOf(true, folder), path: '/srv/import2' })).toMatchObject({ path: '/srv/import2', fileMode: '640' });
    const fhir = TargetConfig.parse({
      kind: 'fhir',
      id: 'hospital-fhir',
      baseUrl: 'https://fhir.example.org/R4',
      patientIdentifierSystem: 'urn:oid:1.2.3',
      replacedStatus: 'superseded',
      category: { system: 'http://loinc.org', code: '11488-4' },
    });
    expect(toTarget(draftOf(false, fhir))).toMatchObject({ replacedStatus: 'superseded', category: { code: '11488-4' } });
  });
});

describe('the separation rules form', () => {
  it('refuses an MRN pattern that does not compile, and one without a group for the MRN', () => {
    const broken = SeparationRules.safeParse({ ...defaultSeparationRules, mrnPattern: '([' });
    expect(broken.success ? {} : fieldErrors(broken.error)).toEqual({ mrnPattern: 'This is not a valid regular expression.' });
    const groupless = SeparationRules.safeParse({ ...defaultSeparationRules, mrnPattern: '^\\d{6,10}$' });
    expect(groupless.success ? {} : fieldErrors(groupless.error)).toEqual({ mrnPattern: 'Put the MRN in a capturing group, e.g. (\\d{6,10}).' });
  });
});
