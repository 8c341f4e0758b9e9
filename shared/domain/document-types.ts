import { z } from 'zod';

/**
 * The document-type catalogue: what a filed document is, coded so the EHR and release-of-
 * information systems understand it. Codes are LOINC document codes (mostly from the LOINC
 * Document Ontology) where one fits, else a code in ChartDesk's local system, clearly marked.
 * A site can replace the list; this is the default shipped with the station.
 *
 * Pure data and zod: shared/ also runs in the browser.
 */

export const LOINC_SYSTEM = 'http://loinc.org';
/** ChartDesk's own code system, for types LOINC has no sensible code for. Not a LOINC code. */
export const LOCAL_DOCUMENT_TYPE_SYSTEM = 'urn:chartdesk:document-type';

export const DocumentType = z.object({
  /** LOINC code (`NNNNN-N`) or a local code (`LOCAL-...`). What a cover sheet's DOCTYPE carries. */
  code: z.string().trim().min(1).max(40),
  system: z.union([z.literal(LOINC_SYSTEM), z.string().trim().min(1)]),
  /** What clerks see and what is printed on cover sheets. */
  display: z.string().trim().min(1).max(120),
  /** Restricted viewing (e.g. psychotherapy notes, substance-use treatment records). */
  sensitive: z.boolean(),
  /** Indexing refuses to finish the document without a date of service. */
  requiresDateOfService: z.boolean(),
  /** Lower-case phrases whose presence in a page's OCR text suggests this type. */
  keywords: z.array(z.string().trim().min(1)),
});
export type DocumentType = z.infer<typeof DocumentType>;

const LOINC_CODE = /^\d{1,7}-\d$/;

export const DocumentTypeCatalogue = z
  .array(DocumentType)
  .min(1)
  .superRefine((types, ctx) => {
    const seen = new Set<string>();
    types.forEach((type, i) => {
      const key = normaliseCode(type.code);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `document type code ${type.code} is listed twice` });
      seen.add(key);
      if (type.system === LOINC_SYSTEM && !LOINC_CODE.test(type.code)) {
        ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `${type.code} is not a LOINC code (NNNNN-N); use a local system for local codes` });
      }
    });
  });
export type DocumentTypeCatalogue = z.infer<typeof DocumentTypeCatalogue>;

/** The catch-all's code: documents the clerk cannot classify yet. */
export const OTHER_DOCUMENT_TYPE_CODE = 'LOCAL-OTHER';

const loinc = (code: string, display: string, requiresDateOfService: boolean, keywords: string[], sensitive = false): DocumentType => ({
  code,
  system: LOINC_SYSTEM,
  display,
  sensitive,
  requiresDateOfService,
  keywords,
});

export const defaultDocumentTypes: readonly DocumentType[] = Object.freeze(
  DocumentTypeCatalogue.parse([
    loinc('18842-5', 'Discharge summary', true, ['discharge summary', 'discharge letter', 'date of discharge', 'discharged on']),
    loinc('11488-4', 'Consultation note', true, ['consultation note', 'consult note', 'consultation', 'thank you for asking me to see']),
    loinc('34117-2', 'History and physical note', true, ['history and physical', 'h&p', 'history of present illness', 'physical examination']),
    loinc('11506-3', 'Progress note', true, ['progress note', 'ward round', 'daily progress', 'subjective', 'assessment and plan']),
    loinc('11502-2', 'Laboratory report', true, ['laboratory report', 'lab report', 'reference range', 'specimen', 'haematology', 'hematology', 'biochemistry']),
    loinc('18748-4', 'Diagnostic imaging report', true, ['radiology report', 'imaging report', 'x-ray', 'radiograph', 'ct scan', 'mri', 'ultrasound', 'impression']),
    loinc('11504-8', 'Operative note', true, ['operative note', 'operation note', 'procedure performed', 'surgeon', 'anaesthetic', 'anesthesia']),
    // LOINC 59284-0 "Consent Document". The signing date is on the form but is not a date of service.
    loinc('59284-0', 'Consent', false, ['consent form', 'consent to', 'i consent', 'patient signature', 'informed consent']),
    loinc('57133-1', 'Referral note', true, ['referral letter', 'referral', 'referred by', 'reason for referral']),
    // 10160-0 "History of Medication use Narrative" is strictly a section code (the medications
    // section of C-CDA and IPS documents), not a Document Ontology code; it is the code the
    // brief and most receiving systems expect for a scanned medication list or chart.
    loinc('10160-0', 'Medication list', false, ['medication list', 'medication chart', 'current medications', 'medications on discharge', 'drug chart']),
    // 64290-0 is LOINC's "Health insurance card" (used as a DocumentReference type for card
    // images, e.g. by the CARIN digital insurance card guide): the natural code for a scanned card.
    loinc('64290-0', 'Insurance card', false, ['insurance card', 'member id', 'group number', 'subscriber', 'payer', 'rx bin']),
    // Correspondence in a chart is nearly always a letter, and LOINC has a Document Ontology
    // kind for it: 51852-2 "Letter". 34109-9 "Note" is the Ontology's most generic kind and
    // would say nothing about the document, so it is not used here.
    loinc('51852-2', 'Correspondence', false, ['dear', 'yours sincerely', 'yours faithfully', 'kind regards', 'letter']),
    {
      // Deliberately local: no LOINC code means "unclassified" (34133-9 "Summary of episode
      // note" is a specific kind of document, not a catch-all). Filed documents with this code
      // are the ones a records clerk still has to classify.
      code: OTHER_DOCUMENT_TYPE_CODE,
      system: LOCAL_DOCUMENT_TYPE_SYSTEM,
      display: 'Other clinical document',
      sensitive: false,
      requiresDateOfService: false,
      keywords: [],
    },
  ]).map((type) => Object.freeze(type)),
);

function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The catalogue entry for a code (whitespace and case ignored), or null. */
export function findDocumentType(code: string, catalogue: readonly DocumentType[] = defaultDocumentTypes): DocumentType | null {
  const key = normaliseCode(code);
  return catalogue.find((type) => normaliseCode(type.code) === key) ?? null;
}
