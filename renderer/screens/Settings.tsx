import { useEffect, useState, type FormEvent } from 'react';
import { Alert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { Spinner } from '../components/Spinner.js';
import { TextField } from '../components/TextField.js';
import { isAdmin, useSession } from '../stores/session.js';
import { useStation } from '../stores/station.js';
import { useStoreFields } from '../stores/fields.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { goToLegend } from '../lib/shortcuts.js';
import { DocumentTypesPanel } from '../components/DocumentTypesPanel.js';
import { PatientImportPanel } from '../components/PatientImportPanel.js';
import { SeparationRulesPanel } from '../components/SeparationRulesPanel.js';
import { DeliveryTargetsPanel } from '../components/delivery-targets/DeliveryTargetsPanel.js';
import { UsersPanel } from '../components/UsersPanel.js';
import { ScreenLockPanel } from '../components/ScreenLockPanel.js';
import { ReviewPolicyPanel } from '../components/ReviewPolicyPanel.js';
import { RetentionPanel } from '../components/RetentionPanel.js';
import { DateOrderPanel } from '../components/DateOrderPanel.js';
import { AuditTrailPanel } from '../components/audit/AuditTrailPanel.js';
import { StationNotices } from '../components/StationNotices.js';
import { CorrectionPolicyPanel } from '../components/CorrectionPolicyPanel.js';
import { PatientSyncPanel } from '../components/PatientSyncPanel.js';

export function Settings() {
  const { status, error, saving, saveErrors, saved } = useStoreFields(useStation, 'status', 'error', 'saving', 'saveErrors', 'saved');
  const { setDropDir, clearSaveState } = useStation.getState();
  const user = useSession((s) => s.user);
  const admin = isAdmin(user);

  const [dropDir, setDropDirValue] = useState<string | null>(null);
  const value = dropDir ?? status?.dropDir ?? '';

  useEffect(() => clearSaveState, [clearSaveState]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await setDropDir(value)) setDropDirValue(null);
  };

  return (
    <div className="screen">
      <header className="screen-header">
        <h1>Settings</h1>
      </header>
      <div className="screen-body settings">
        {error && !status ? <Alert>{error}</Alert> : null}
        {!status ? (
          error ? null : (
            <div className="loading-block">
              <Spinner label="Loading settings…" />
            </div>
          )
        ) : (
          <>
            {admin ? <StationNotices notices={status.notices} /> : null}
            <section className="panel">
              <h2>Station</h2>
              <TextField label="Station name" value={status.stationName} readOnly />
              <TextField label="Data folder" value={status.dataDir} readOnly hint="Where ChartDesk keeps its database and page images." className="field-mono" />
              <p className="muted small">ChartDesk {status.version}</p>
            </section>

            <section className="panel">
              <h2>Drop folder</h2>
              <p className="panel-intro">The folder the scanner saves into. Every file that appears there becomes a batch, or is set aside in Quarantine with the reason.</p>
              {admin ? (
                <form className="form form-inline" onSubmit={(e) => void submit(e)} noValidate>
                  {saveErrors.message ? <Alert>{saveErrors.message}</Alert> : null}
                  {saved ? <Alert tone="success">{saved}</Alert> : null}
                  <div className="inline-row">
                    <TextField
                      label="Drop folder"
                      name="path"
                      value={value}
                      onChange={(e) => {
                        setDropDirValue(e.target.value);
                        if (saved || saveErrors.message || saveErrors.fields['path']) clearSaveState();
                      }}
                      error={saveErrors.fields['path']}
                      spellCheck={false}
                      className="field-grow field-mono"
                    />
                    <Button type="submit" variant="primary" busy={saving}>
                      Save
                    </Button>
                  </div>
                </form>
              ) : (
                <>
                  <TextField label="Drop folder" value={status.dropDir} readOnly className="field-mono" />
                  <p className="muted small">Only an administrator can change the drop folder.</p>
                </>
              )}
              <p className={`watch-state ${status.watching ? 'is-ok' : 'is-error'}`} role="status">
                <span className="dot" aria-hidden="true" />
                {status.watching ? (
                  <>
                    Watching <code>{status.dropDir}</code>
                  </>
                ) : (
                  (status.watchError ?? 'The station is not watching the drop folder.')
                )}
              </p>
            </section>

            <SeparationRulesPanel admin={admin} />
            {admin ? <PatientImportPanel /> : null}
            {admin ? <PatientSyncPanel /> : null}
            <DocumentTypesPanel admin={admin} />
            <DeliveryTargetsPanel admin={admin} />
            <ReviewPolicyPanel admin={admin} />
            <CorrectionPolicyPanel admin={admin} />
            <RetentionPanel admin={admin} />
            <UsersPanel />
            <ScreenLockPanel admin={admin} />
            <DateOrderPanel admin={admin} />
            <AuditTrailPanel />
          </>
        )}
      </div>
      <ShortcutLegend items={goToLegend('batches')} />
    </div>
  );
}
