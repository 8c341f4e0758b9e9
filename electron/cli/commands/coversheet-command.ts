import { resolve } from 'node:path';
import { defaultDocumentTypes, findDocumentType } from '../../../shared/domain/document-types.js';
import { AuditLog } from '../../engine/audit/audit-log.js';
import { isRealIsoDate, renderCoverSheetPdf } from '../../engine/output/cover-sheet-pdf.js';
import { mrnFromBarcode } from '../../../shared/domain/separation-rules.js';
import { writeFileDurably } from '../../engine/storage/durable-file.js';
import { currentCliActor } from '../cli-actor.js';
import { parseCommandLine } from '../command-line.js';
import { type GlobalOptions, UsageError } from '../global-options.js';
import { openStationDatabaseAndKey } from '../station-key.js';

export const coversheetUsage = `chartdesk [--data-dir DIR] coversheet --mrn MRN --doctype CODE [--dos YYYY-MM-DD] [--enc ENCOUNTER] [--name "Family, Given"] --out FILE.pdf

Writes a printable cover sheet (US letter PDF). Put it in front of a document when scanning:
ChartDesk reads its DataMatrix and files the pages behind it under that MRN, document type,
date of service and encounter. --mrn takes 6 to 10 digits (MRN:1234567 is accepted too);
--doctype takes a document-type code such as 18842-5 (discharge summary) or 11506-3
(progress note). Without --name the sheet has a line to write the patient's name on.
A sheet carries a patient's MRN (and name): each one written is recorded in the station's
audit trail, under the operating-system account that ran the command.`;

const MAX_ENCOUNTER_LENGTH = 40;

export async function coversheetCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values } = parseCommandLine(args, { values: ['mrn', 'doctype', 'dos', 'enc', 'name', 'out'] });
  if (values.mrn === undefined) throw new UsageError('--mrn is required');
  if (values.doctype === undefined) throw new UsageError('--doctype is required');
  if (!values.out) throw new UsageError('--out FILE.pdf is required');

  const mrn = mrnFromBarcode(values.mrn);
  if (!mrn) throw new UsageError(`--mrn "${values.mrn}" is not a medical record number: it must be 6 to 10 digits (optionally written MRN:1234567)`);

  const docType = findDocumentType(values.doctype);
  if (!docType) {
    const examples = defaultDocumentTypes
      .slice(0, 5)
      .map((t) => `${t.code} (${t.display})`)
      .join(', ');
    throw new UsageError(`--doctype "${values.doctype}" is not in the document-type catalogue; valid codes include ${examples}, ... ${defaultDocumentTypes.length} in all`);
  }

  const dateOfService = values.dos?.trim() || null;
  if (dateOfService !== null && !isRealIsoDate(dateOfService)) {
    throw new UsageError(`--dos "${values.dos}" is not a real date: write it YYYY-MM-DD, e.g. 2025-03-02`);
  }

  const encounter = values.enc?.trim() || null;
  if (encounter !== null && (/[;=\s]/.test(encounter) || encounter.length > MAX_ENCOUNTER_LENGTH)) {
    throw new UsageError(`--enc "${values.enc}" must be at most ${MAX_ENCOUNTER_LENGTH} characters, without spaces, ";" or "="`);
  }

  const out = resolve(values.out);
  const pdf = await renderCoverSheetPdf({ mrn, docTypeCode: docType.code, dateOfService, encounter, patientName: values.name ?? null });
  // Recorded before the file is written: there is never a printed sheet the trail does not show.
  const { db, key } = await openStationDatabaseAndKey(global);
  try {
    new AuditLog(db, key.auditChainKey()).record({
      user: currentCliActor(),
      action: 'cover-sheet-printed',
      subject: { type: 'patient', id: mrn },
      details: { docType: docType.code, named: Boolean(values.name?.trim()), via: 'chartdesk coversheet' },
    });
  } finally {
    db.close();
  }
  await writeFileDurably(out, pdf);
  if (docType.requiresDateOfService && !dateOfService) {
    process.stderr.write(`note: a ${docType.display.toLowerCase()} needs a date of service; without --dos the clerk will be asked for it when indexing.\n`);
  }
  process.stdout.write(`${out}\n`);
  return 0;
}
