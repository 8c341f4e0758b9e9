/**
 * What a cover sheet's 2D code says: `KEY=VALUE;KEY=VALUE...` with at least MRN. Keys are
 * case-insensitive; unknown keys are kept so a site can add its own without breaking us.
 */
export interface CoverSheetPayload {
  mrn: string;
  /** LOINC document code, e.g. 18842-5. */
  docType: string | null;
  /** Date of service, YYYY-MM-DD. */
  dateOfService: string | null;
  encounter: string | null;
  extra: Record<string, string>;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function parseCoverSheetPayload(text: string): CoverSheetPayload | null {
  if (!text.includes('=')) return null;
  const fields: Record<string, string> = {};
  for (const part of text.split(';')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) return null;
    fields[trimmed.slice(0, eq).trim().toUpperCase()] = trimmed.slice(eq + 1).trim();
  }
  const { MRN: mrn, DOCTYPE: docType, DOS: dos, ENC: encounter, ...extra } = fields;
  if (!mrn) return null;
  return {
    mrn,
    docType: docType || null,
    dateOfService: dos && isoDate.test(dos) ? dos : null,
    encounter: encounter || null,
    extra,
  };
}

export function formatCoverSheetPayload(payload: { mrn: string; docType?: string | null; dateOfService?: string | null; encounter?: string | null }): string {
  return [
    `MRN=${payload.mrn}`,
    ...(payload.docType ? [`DOCTYPE=${payload.docType}`] : []),
    ...(payload.dateOfService ? [`DOS=${payload.dateOfService}`] : []),
    ...(payload.encounter ? [`ENC=${payload.encounter}`] : []),
  ].join(';');
}
