import { useId, useRef, useState } from 'react';
import type { ImportSummary } from '../../shared/domain/patient.js';
import { call } from '../api/client.js';
import { formatBytes, plural } from '../lib/format.js';
import { Alert } from './Alert.js';
import { Button } from './Button.js';

/** Settings → Patient index: load an MPI extract (CSV or FHIR JSON Bundle) and show what happened. */
export function PatientImportPanel() {
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<{ name: string; value: ImportSummary } | null>(null);

  const run = async () => {
    if (!file) {
      setError('Choose the CSV or FHIR JSON file exported from the patient index first.');
      fileRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setSummary(null);
    let content: string;
    try {
      content = await file.text();
    } catch {
      setBusy(false);
      setError('The file could not be read. Check that it is still there and try again.');
      return;
    }
    const result = await call('patients.import', { fileName: file.name, content });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setSummary({ name: file.name, value: result.value });
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Patient index</h2>
      <p className="panel-intro">
        Indexing finds patients in a copy of the hospital’s master patient index kept on this station. Import an extract: a CSV file (columns mrn, family, given, birthDate, sex; optional middle,
        encounter, phone, address) or a FHIR R4 Bundle of Patient resources. Patients already here are updated by MRN, never duplicated.
      </p>
      <div className="import-row">
        <div className="field">
          <label htmlFor={`${id}-file`} className="field-label">
            Patient index file
          </label>
          <input
            ref={fileRef}
            id={`${id}-file`}
            type="file"
            accept=".csv,.json,text/csv,application/json,application/fhir+json"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setError(null);
              setSummary(null);
            }}
          />
          {file ? <p className="field-hint">{`${file.name}, ${formatBytes(file.size)}`}</p> : null}
        </div>
        <Button variant="primary" onClick={() => void run()} busy={busy} disabled={!file}>
          Import
        </Button>
      </div>
      {busy ? <p className="muted small">Importing… a large index takes a minute.</p> : null}
      {error ? <Alert>{error}</Alert> : null}
      {summary ? <ImportResult name={summary.name} summary={summary.value} /> : null}
    </section>
  );
}

function ImportResult({ name, summary }: { name: string; summary: ImportSummary }) {
  const total = summary.inserted + summary.updated + summary.unchanged;
  return (
    <div className="form" aria-label="Import summary">
      <Alert tone={summary.rejected.length > 0 ? 'warning' : 'success'}>
        {name}: {plural(total, 'patient')} taken in{summary.rejected.length > 0 ? `, ${plural(summary.rejected.length, 'row')} rejected (listed below)` : ''}.
      </Alert>
      <ul className="import-summary">
        <li>
          <strong>{summary.inserted}</strong> new
        </li>
        <li>
          <strong>{summary.updated}</strong> updated
        </li>
        <li>
          <strong>{summary.unchanged}</strong> unchanged
        </li>
        <li>
          <strong>{summary.rejected.length}</strong> rejected
        </li>
      </ul>
      {summary.rejected.length > 0 ? (
        <div className="table-wrap">
          <table className="table table-compact" aria-label="Rejected rows">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Line
                </th>
                <th scope="col">Why it was rejected</th>
              </tr>
            </thead>
            <tbody>
              {summary.rejected.slice(0, 200).map((r, i) => (
                <tr key={`${r.line}-${i}`}>
                  <td className="num mono">{r.line}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {summary.rejected.length > 200 ? <p className="muted small">The first 200 of {summary.rejected.length} are listed; fix them in the file and import it again.</p> : null}
        </div>
      ) : null}
    </div>
  );
}
