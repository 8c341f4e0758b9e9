import type { MergeFileSummary } from '../../../shared/domain/patient-sync.js';
import { csvRecords } from '../indexing/patient-index/csv-records.js';
import { type MergeDeps, type MergeSource, applyPatientMerge } from './patient-merge.js';

export class MergeFileError extends Error {
  override name = 'MergeFileError';
}

/**
 * A merge file as hospitals export it from their ADT feed (A40 merges): a CSV with the header
 * `retiredMrn,survivingMrn`, one merge per line, applied in order (a later line may merge a
 * survivor again). Each merge is its own transaction; a bad line is reported with its number
 * and the rest still applies.
 */
export async function applyMergeFile(d: MergeDeps, input: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>, from: MergeSource): Promise<MergeFileSummary> {
  const summary: MergeFileSummary = { applied: 0, unchanged: 0, moved: 0, toCorrect: 0, rejected: [] };
  let columns: { retired: number; surviving: number } | null = null;
  for await (const record of csvRecords(input)) {
    if (!columns) {
      const names = record.fields.map((f) => f.trim().toLowerCase());
      const retired = names.indexOf('retiredmrn');
      const surviving = names.indexOf('survivingmrn');
      if (retired < 0 || surviving < 0) throw new MergeFileError('the header line must name the columns retiredMrn and survivingMrn');
      columns = { retired, surviving };
      continue;
    }
    if (record.error) {
      summary.rejected.push({ line: record.line, reason: record.error });
      continue;
    }
    if (record.fields.every((f) => f.trim() === '')) continue;
    const outcome = applyPatientMerge(d, record.fields[columns.retired] ?? '', record.fields[columns.surviving] ?? '', from);
    if (outcome.kind === 'rejected') summary.rejected.push({ line: record.line, reason: outcome.reason });
    else if (outcome.kind === 'unchanged') summary.unchanged++;
    else {
      summary.applied++;
      summary.moved += outcome.moved.length;
      summary.toCorrect += outcome.deliveredUnderRetired.length;
    }
  }
  if (!columns) throw new MergeFileError('the file is empty: a merge file needs the header line retiredMrn,survivingMrn');
  return summary;
}
