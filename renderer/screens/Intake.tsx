import { useEffect } from 'react';
import { type IntakeRecord, type QuarantineEntry, quarantineReasonText } from '../../shared/domain/intake.js';
import { Badge } from '../components/Badge.js';
import { DataTable } from '../components/DataTable.js';
import { ScannerBar } from '../components/ScannerBar.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { When } from '../components/When.js';
import { formatBytes, formatName } from '../lib/format.js';
import { goToLegend } from '../lib/shortcuts.js';
import { quarantineEntryFor, useIntake } from '../stores/intake.js';
import { batchHref, hrefOf } from '../stores/router.js';
import { type EmptyList, ListLoadState } from './ListLoadState.js';

const noRecords: EmptyList = {
  icon: 'intake',
  title: 'No files received yet',
  text: 'Files the scanner saves into the drop folder are listed here as they arrive.',
};

export function Intake() {
  const { records, recordsLoaded, recordsError, entries, loadRecords } = useIntake();

  useEffect(() => {
    void loadRecords();
  }, [loadRecords]);

  const counts = { ingested: 0, duplicate: 0, quarantined: 0 };
  for (const r of records) counts[r.outcome]++;

  return (
    <div className="screen">
      <header className="screen-header">
        <h1>Intake</h1>
        <p className="screen-intro">Every file the station received, and what became of it.</p>
        <ScannerBar />
        {recordsLoaded && records.length > 0 ? (
          <ul className="summary" aria-label="Summary">
            <li>
              <strong>{counts.ingested}</strong> ingested
            </li>
            <li>
              <strong>{counts.duplicate}</strong> {counts.duplicate === 1 ? 'duplicate' : 'duplicates'}
            </li>
            <li>
              <strong>{counts.quarantined}</strong> quarantined
            </li>
          </ul>
        ) : null}
      </header>
      <div className="screen-body">
        <ListLoadState list={{ items: records, loaded: recordsLoaded, error: recordsError }} reload={loadRecords} loading="Loading the intake log…" empty={noRecords}>
          {() => (
            <DataTable className="table" aria-label="Intake log, newest first" columns={['Received', 'File name', 'Format', { label: 'Size', num: true }, 'Outcome']}>
              {records.map((record) => (
                <tr key={record.id} className={`outcome-${record.outcome}`}>
                  <td className="nowrap">
                    <When iso={record.receivedAt} />
                  </td>
                  <td className="cell-file" title={record.originalName}>
                    {record.originalName}
                  </td>
                  <td>{formatName(record.format)}</td>
                  <td className="num nowrap">{formatBytes(record.sizeBytes)}</td>
                  <td>
                    <Outcome record={record} entry={quarantineEntryFor(entries, record)} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </ListLoadState>
      </div>
      <ShortcutLegend items={goToLegend('batches', 'quarantine')} />
    </div>
  );
}

function Outcome({ record, entry }: { record: IntakeRecord; entry: QuarantineEntry | null }) {
  switch (record.outcome) {
    case 'ingested':
      return (
        <span className="outcome">
          <Badge tone="success">{record.rescanOf ? 'Rescan' : 'Ingested'}</Badge>
          {record.rescanOf ? <span>{record.rescanOf.kind === 'replace' ? 'replaced a page in' : 'added pages to'}</span> : null}
          {record.batchId ? <a href={batchHref(record.batchId)}>{record.batchLabel ?? 'Open batch'}</a> : null}
        </span>
      );
    case 'duplicate':
      return (
        <span className="outcome">
          <Badge tone="warning">Duplicate</Badge>
          {record.duplicateOfBatchId ? (
            <span>
              of <a href={batchHref(record.duplicateOfBatchId)}>{record.duplicateOfBatchLabel ?? 'an earlier batch'}</a>
            </span>
          ) : (
            <span className="muted">of an earlier batch</span>
          )}
        </span>
      );
    case 'quarantined':
      return (
        <span className="outcome outcome-wrap">
          <Badge tone="danger">Quarantined</Badge>
          <a href={hrefOf({ name: 'quarantine', entryId: record.quarantineId })} title={entry?.message}>
            {entry ? entry.message : record.quarantineReason ? quarantineReasonText[record.quarantineReason] : 'See the reason in Quarantine'}
          </a>
        </span>
      );
  }
}
