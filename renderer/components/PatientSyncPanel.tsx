import { useEffect, useId, useState, type FormEvent } from 'react';
import { fieldErrors } from '../../shared/api/field-errors.js';
import { type MergeFileSummary, PatientSyncConfig, type PatientSyncStatus } from '../../shared/domain/patient-sync.js';
import { call } from '../api/client.js';
import { plural } from '../lib/format.js';
import { Alert } from './Alert.js';
import { Button } from './Button.js';
import { Spinner } from './Spinner.js';
import { TextField } from './TextField.js';
import { When } from './When.js';
import '../styles/settings.css';
import '../styles/patient-sync.css';

type AuthDraft = { type: 'none' } | { type: 'bearer'; token: string } | { type: 'client-credentials'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
interface Draft {
  enabled: boolean;
  baseUrl: string;
  mrnSystem: string;
  intervalMinutes: number;
  auth: AuthDraft;
}

const emptyDraft: Draft = { enabled: true, baseUrl: '', mrnSystem: '', intervalMinutes: 60, auth: { type: 'none' } };

const draftOf = (c: PatientSyncConfig | null): Draft => (c ? { enabled: c.enabled, baseUrl: c.baseUrl, mrnSystem: c.mrnSystem ?? '', intervalMinutes: c.intervalMinutes, auth: c.auth } : emptyDraft);

/** Refused at the boundary, a field's path starts with the input's key (config.baseUrl). */
const withoutInputKey = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([path, text]) => [path.replace(/^config\./, ''), text]));

/** Settings → Patient sync (administrators): the hospital's FHIR Patient endpoint, its status line, and merge files. */
export function PatientSyncPanel() {
  const id = useId();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState<PatientSyncConfig | null>(null);
  const [status, setStatus] = useState<PatientSyncStatus | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);
  const [busy, setBusy] = useState<'save' | 'run' | null>(null);

  useEffect(() => {
    void call('patientSync.get', {}).then((result) => {
      if (result.ok) {
        setDraft(draftOf(result.value.config));
        setSaved(result.value.config);
        setStatus(result.value.status);
      } else setMessage({ tone: 'danger', text: result.error.message });
    });
  }, []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setBusy('save');
    setMessage(null);
    // Checked with the engine's schema first; what this form does not show (time limit, CA file) is kept as saved.
    const parsed = draft.baseUrl.trim()
      ? PatientSyncConfig.safeParse({
          ...saved,
          enabled: draft.enabled,
          baseUrl: draft.baseUrl.trim(),
          intervalMinutes: draft.intervalMinutes,
          auth: draft.auth,
          mrnSystem: draft.mrnSystem.trim() || undefined,
        })
      : null;
    if (parsed && !parsed.success) {
      setBusy(null);
      setFields(fieldErrors(parsed.error));
      setMessage({ tone: 'danger', text: 'Some of the values are not valid.' });
      return;
    }
    const result = await call('patientSync.save', { config: parsed ? parsed.data : null });
    setBusy(null);
    if (!result.ok) {
      setFields(withoutInputKey(result.error.fields ?? {}));
      setMessage({ tone: 'danger', text: result.error.message });
      return;
    }
    setSaved(result.value.config);
    setFields({});
    setStatus(result.value.status);
    setMessage({ tone: 'success', text: draft.baseUrl.trim() ? 'Patient sync saved.' : 'Patient sync turned off.' });
  };

  const runNow = async () => {
    setBusy('run');
    setMessage(null);
    const result = await call('patientSync.run', {});
    setBusy(null);
    if (result.ok) setStatus(result.value);
    else setMessage({ tone: 'danger', text: result.error.message });
  };

  const auth = draft?.auth;
  const setAuth = (next: AuthDraft) => draft && setDraft({ ...draft, auth: next });
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Patient sync</h2>
      <p className="panel-intro">
        Keeps the patient index current from the hospital’s FHIR Patient endpoint: every few minutes the station reads the patients changed since the last sync and applies merges (a Patient
        “replaced-by” another). Documents not yet delivered follow a merge; delivered ones are listed in Corrections.
      </p>
      {status ? <SyncStatusLine status={status} /> : null}
      {!draft ? (
        message ? null : (
          <Spinner label="Loading the patient sync settings…" />
        )
      ) : (
        <form className="form" aria-label="Patient sync settings" onSubmit={(e) => void save(e)} noValidate>
          <TextField
            label="FHIR base URL"
            value={draft.baseUrl}
            placeholder="https://fhir.hospital.example/R4"
            onChange={(e) => setDraft({ ...draft, baseUrl: e.target.value })}
            error={fields['baseUrl']}
            hint="Leave empty to turn patient sync off."
            className="field-mono"
          />
          <div className="inline-row">
            <TextField
              label="MRN identifier system"
              value={draft.mrnSystem}
              placeholder="urn:oid:…"
              onChange={(e) => setDraft({ ...draft, mrnSystem: e.target.value })}
              hint="Empty: the identifier typed MR."
              error={fields['mrnSystem']}
              className="field-grow field-mono"
            />
            <TextField
              label="Every (minutes)"
              type="number"
              min={1}
              max={1440}
              value={draft.intervalMinutes}
              onChange={(e) => setDraft({ ...draft, intervalMinutes: Math.max(1, Math.min(1440, Number.parseInt(e.target.value || '60', 10))) })}
              error={fields['intervalMinutes']}
            />
          </div>
          <label className="field">
            <span className="field-label">Sign-in</span>
            <select
              className="input"
              value={auth!.type}
              onChange={(e) =>
                setAuth(
                  e.target.value === 'bearer'
                    ? { type: 'bearer', token: '' }
                    : e.target.value === 'client-credentials'
                      ? { type: 'client-credentials', tokenUrl: '', clientId: '', clientSecret: '' }
                      : { type: 'none' },
                )
              }
            >
              <option value="none">None</option>
              <option value="bearer">Bearer token</option>
              <option value="client-credentials">OAuth2 client credentials</option>
            </select>
          </label>
          {auth!.type === 'bearer' ? (
            <TextField label="Token" type="password" value={auth!.token} onChange={(e) => setAuth({ type: 'bearer', token: e.target.value })} error={fields['auth.token']} />
          ) : null}
          {auth!.type === 'client-credentials' ? <ClientCredentialsFields auth={auth!} onChange={setAuth} fields={fields} /> : null}
          <label className="check">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
            <span>Sync on the schedule</span>
          </label>
          {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
          <div className="inline-row">
            <Button type="submit" variant="primary" busy={busy === 'save'} disabled={busy !== null}>
              Save patient sync
            </Button>
            <Button onClick={() => void runNow()} busy={busy === 'run'} disabled={busy !== null || !status}>
              Sync now
            </Button>
          </div>
        </form>
      )}
      <MergeFile />
    </section>
  );
}

type ClientCredentials = Extract<AuthDraft, { type: 'client-credentials' }>;

/** The token URL, then the client id and secret side by side. */
function ClientCredentialsFields({ auth, onChange, fields }: { auth: ClientCredentials; onChange(auth: ClientCredentials): void; fields: Record<string, string> }) {
  const field = (key: 'tokenUrl' | 'clientId' | 'clientSecret', label: string, className: string) => (
    <TextField
      label={label}
      type={key === 'clientSecret' ? 'password' : undefined}
      value={auth[key]}
      onChange={(e) => onChange({ ...auth, [key]: e.target.value })}
      error={fields[`auth.${key}`]}
      className={className}
    />
  );
  return (
    <>
      {field('tokenUrl', 'Token URL', 'field-mono')}
      <div className="inline-row">
        {field('clientId', 'Client id', 'field-grow')}
        {field('clientSecret', 'Client secret', 'field-grow')}
      </div>
    </>
  );
}

function SyncStatusLine({ status }: { status: PatientSyncStatus }) {
  if (!status.lastRunAt)
    return (
      <p className="muted small" role="status">
        Not synced yet.
      </p>
    );
  const ok = status.error === null;
  return (
    <p className={`watch-state ${ok ? 'is-ok' : 'is-error'}`} role="status" aria-label="Patient sync status">
      <span className="dot" aria-hidden="true" />
      <span>
        Last sync <When iso={status.lastRunAt} />
        {status.lastSuccessAt === status.lastRunAt ? `: ${plural(status.changed, 'patient')} changed, ${plural(status.merged, 'merge')} applied` : ''}
        {status.rejected > 0 ? `, ${status.rejected} rejected` : ''}.{status.error ? ` ${status.error}` : ''}
        {status.nextRunAt ? (
          <>
            {' '}
            Next <When iso={status.nextRunAt} />.
          </>
        ) : null}
      </span>
    </p>
  );
}

/** A merge file from the ADT feed (retiredMrn,survivingMrn), for hospitals whose merges do not come through FHIR. */
function MergeFile() {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'success' | 'warning' | 'danger'; text: string; summary?: MergeFileSummary } | null>(null);
  const run = async () => {
    if (!file) return;
    setBusy(true);
    const result = await call('patients.importMerges', { fileName: file.name, content: await file.text() });
    setBusy(false);
    if (!result.ok) return setOutcome({ tone: 'danger', text: result.error.message });
    const s = result.value;
    setOutcome({
      tone: s.rejected.length > 0 ? 'warning' : 'success',
      text: `${plural(s.applied, 'merge')} applied, ${s.unchanged} already known, ${s.rejected.length} rejected; ${plural(s.moved, 'undelivered document')} moved to the surviving patient, ${plural(s.toCorrect, 'delivered document')} to correct (Corrections, “Filed under a merged MRN”).`,
      summary: s,
    });
  };
  return (
    <div className="import-row">
      <div className="field">
        <label htmlFor={`${id}-file`} className="field-label">
          Merge file (CSV: retiredMrn,survivingMrn)
        </label>
        <input id={`${id}-file`} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <Button onClick={() => void run()} busy={busy} disabled={!file}>
        Apply merges
      </Button>
      {outcome ? (
        <Alert tone={outcome.tone}>
          {outcome.text}
          {outcome.summary?.rejected.slice(0, 20).map((r) => (
            <span key={r.line} className="ps-rejected small">
              Line {r.line}: {r.reason}
            </span>
          ))}
        </Alert>
      ) : null}
    </div>
  );
}
