import { fail, ok } from '../../../../shared/api/result.js';
import { PatientImportError, importFhirBundle, importPatientsCsv } from '../../indexing/patient-index/index.js';
import { FhirBundleError } from '../../indexing/patient-index/index.js';
import { searchPatients } from '../../indexing/patient-index/index.js';
import { type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

export function catalogueHandlers(ctx: StationContext): Pick<Handlers, 'patients.search' | 'patients.import' | 'docTypes.list' | 'docTypes.save'> {
  return {
    // A retired MRN is no patient to file under any more (a merge named its survivor).
    'patients.search': async (input) =>
      ok({
        results: searchPatients(ctx.patients, input.query, { limit: input.limit, dateOrder: ctx.dateOrder().order }).filter((r) => !ctx.merges.get(r.patient.mrn)),
      }),
    'patients.import': async (input, caller) => {
      const looksLikeJson = input.content.trimStart().startsWith('{');
      try {
        const summary = looksLikeJson ? await importFhirBundle(ctx.patients, input.content) : await importPatientsCsv(ctx.patients, [input.content]);
        ctx.audit.record({
          user: actor(caller),
          action: 'patients-imported',
          details: { inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected.length },
        });
        return ok(summary);
      } catch (error) {
        if (error instanceof PatientImportError || error instanceof FhirBundleError) return fail('invalid-input', error.message);
        throw error;
      }
    },
    'docTypes.list': async () => ok({ types: ctx.catalogue.list() }),
    'docTypes.save': async (input, caller) =>
      ok({
        types: ctx.transaction(() => {
          // Made not sensitive: the pages filed under it so far stay protected.
          ctx.sensitive.rememberPagesOf({ docTypeCode: input.type.code });
          ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { setting: 'document-type', code: input.type.code } });
          return ctx.catalogue.save(input.type, caller.user!.displayName);
        }),
      }),
  };
}
