import { useEffect, useState, type FormEvent } from 'react';
import type { AuditAnchorSettings } from '../../../shared/domain/audit.js';
import { call } from '../../api/client.js';
import { downloadFile } from '../../lib/download.js';
import { Alert } from '../Alert.js';
import { Button } from '../Button.js';
import { TextField } from '../TextField.js';
import { When } from '../When.js';

type Message = { tone: 'success' | 'danger'; text: string } | null;

/**
 * Administrators: where the head of the audit chain is kept off the station. Deliveries carry
 * it too; this is the daily copy, and a file to take now.
 */
export function AuditAnchorPanel() {
  const [settings, setSettings] = useState<AuditAnchorSettings | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'download' | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);

  useEffect(() => {
    void call('audit.anchorSettings', {}).then((r) => {
      if (r.ok) setSettings(r.value);
      else setMessage({ tone: 'danger', text: r.error.message });
    });
  }, []);

  const save = async (folder: string | null) => {
    setBusy('save');
    setMessage(null);
    setFieldError(undefined);
    const result = await call('audit.saveAnchorFolder', { folder });
    setBusy(null);
    if (!result.ok) {
      setFieldError(result.error.fields?.folder ?? result.error.message);
      return;
    }
    setSettings(result.value);
    setDraft(null);
    if (!result.value.lastError) setMessage({ tone: 'success', text: folder ? 'Saved. Today’s anchor is written; the next one tomorrow.' : 'The daily anchor is off.' });
  };

  const download = async () => {
    setBusy('download');
    const result = await call('audit.anchor', {});
    setBusy(null);
    if (!result.ok) return setMessage({ tone: 'danger', text: result.error.message });
    downloadFile(result.value.fileName, [result.value.content], 'application/json');
    setMessage({ tone: 'success', text: `Saved ${result.value.fileName}. Keep it where this station cannot write.` });
  };

  const value = draft ?? settings?.folder ?? '';
  return (
    <div className="audit-anchor">
      <h3>Anchors</h3>
      <p className="small muted">
        An anchor is the number and seal of the newest entry, kept where this station cannot write. Every delivery carries one; the station also writes one a day to the folder below (a share on
        another server). <code>chartdesk audit verify --anchor</code> then shows whether entries were removed or rewritten since.
      </p>
      <form
        className="form form-inline"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save(value.trim() ? value.trim() : null);
        }}
        noValidate
      >
        <div className="inline-row">
          <TextField
            label="Daily anchor folder"
            value={value}
            onChange={(e) => setDraft(e.target.value)}
            error={fieldError}
            placeholder="Not written"
            spellCheck={false}
            className="field-grow field-mono"
          />
          <Button type="submit" variant="primary" busy={busy === 'save'}>
            Save
          </Button>
          {settings?.folder ? (
            <Button disabled={busy !== null} onClick={() => void save(null)}>
              Turn off
            </Button>
          ) : null}
        </div>
      </form>
      {settings?.lastError ? <Alert>{settings.lastError}</Alert> : null}
      {settings?.lastWritten ? (
        <p className="small muted" role="status">
          Last written <When iso={settings.lastWritten.at} /> (entry {settings.lastWritten.seq}) to <code>{settings.lastWritten.file}</code>
        </p>
      ) : null}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div>
        <Button size="sm" icon="download" busy={busy === 'download'} onClick={() => void download()}>
          Download the anchor now
        </Button>
      </div>
    </div>
  );
}
