import { useId } from 'react';
import { TextField } from '../TextField.js';
import type { TargetFieldsProps } from './FolderTargetFields.js';
import { SelectField } from './SelectField.js';

/** A FHIR server's address, identifier systems, attachment and authentication. */
export function FhirTargetFields({ d, edit, err }: TargetFieldsProps) {
  const id = useId();
  return (
    <>
      <TextField
        label="Base URL"
        value={d.baseUrl}
        onChange={(e) => edit({ baseUrl: e.target.value })}
        error={err('baseUrl')}
        hint="The FHIR R4 base, e.g. https://fhir.hospital.local/fhir/R4"
        type="url"
        spellCheck={false}
        autoComplete="off"
        className="field-mono"
      />
      <div className="set-grid set-grid-2">
        <TextField
          label="MRN identifier system"
          value={d.patientIdentifierSystem}
          onChange={(e) => edit({ patientIdentifierSystem: e.target.value })}
          error={err('patientIdentifierSystem')}
          hint="The assigning authority of the hospital’s MRNs, e.g. urn:oid:1.2.840…"
          spellCheck={false}
          autoComplete="off"
          className="field-mono"
        />
        <TextField
          label="Document identifier system"
          value={d.documentIdentifierSystem}
          onChange={(e) => edit({ documentIdentifierSystem: e.target.value })}
          error={err('documentIdentifierSystem')}
          hint="Identifies ChartDesk’s documents so a retry never creates a second one."
          spellCheck={false}
          autoComplete="off"
          className="field-mono"
        />
      </div>
      <fieldset className="set-group">
        <legend className="field-label">PDF attachment</legend>
        <div className="set-checks">
          <label className="check">
            <input type="radio" name={`${id}-attachment`} checked={d.attachment === 'binary'} onChange={() => edit({ attachment: 'binary' })} /> Binary resource in the same transaction
          </label>
          <label className="check">
            <input type="radio" name={`${id}-attachment`} checked={d.attachment === 'inline'} onChange={() => edit({ attachment: 'inline' })} /> Inline in the DocumentReference (base64)
          </label>
        </div>
      </fieldset>
      <div className="set-group">
        <SelectField
          label="Authentication"
          value={d.authType}
          onChange={(v) => edit({ authType: v === 'bearer' || v === 'client-credentials' ? v : 'none' })}
          error={err('auth.type')}
          className="set-auth-type"
        >
          <option value="none">None</option>
          <option value="bearer">Bearer token</option>
          <option value="client-credentials">OAuth2 client credentials</option>
        </SelectField>
        {d.authType === 'bearer' ? (
          <TextField
            label="Token"
            type="password"
            value={d.token}
            onChange={(e) => edit({ token: e.target.value })}
            error={err('auth.token')}
            placeholder={d.tokenSaved ? 'Saved; leave empty to keep it' : undefined}
            hint={d.tokenSaved ? 'A token is saved. Type a new one only to replace it.' : undefined}
            autoComplete="new-password"
            className="field-mono"
          />
        ) : null}
        {d.authType === 'client-credentials' ? (
          <div className="set-grid set-grid-2">
            <TextField
              label="Token URL"
              value={d.tokenUrl}
              onChange={(e) => edit({ tokenUrl: e.target.value })}
              error={err('auth.tokenUrl')}
              type="url"
              spellCheck={false}
              autoComplete="off"
              className="field-mono set-span-2"
            />
            <TextField
              label="Client id"
              value={d.clientId}
              onChange={(e) => edit({ clientId: e.target.value })}
              error={err('auth.clientId')}
              spellCheck={false}
              autoComplete="off"
              className="field-mono"
            />
            <TextField
              label="Client secret"
              type="password"
              value={d.clientSecret}
              onChange={(e) => edit({ clientSecret: e.target.value })}
              error={err('auth.clientSecret')}
              placeholder={d.clientSecretSaved ? 'Saved; leave empty to keep it' : undefined}
              hint={d.clientSecretSaved ? 'A secret is saved. Type a new one only to replace it.' : undefined}
              autoComplete="new-password"
              className="field-mono"
            />
            <TextField
              label="Scope (optional)"
              value={d.scope}
              onChange={(e) => edit({ scope: e.target.value })}
              error={err('auth.scope')}
              spellCheck={false}
              autoComplete="off"
              className="field-mono"
            />
            <SelectField label="Send the client credentials" value={d.clientAuth} onChange={(v) => edit({ clientAuth: v === 'body' ? 'body' : 'basic' })}>
              <option value="basic">HTTP Basic (preferred)</option>
              <option value="body">In the form body</option>
            </SelectField>
          </div>
        ) : null}
      </div>
      <TextField
        label="CA file (optional)"
        value={d.caFile}
        onChange={(e) => edit({ caFile: e.target.value })}
        error={err('caFile')}
        hint="A PEM file of the hospital’s certificate authority, trusted in addition to the public roots."
        spellCheck={false}
        autoComplete="off"
        className="field-mono"
      />
    </>
  );
}
