import { SelectField } from './SelectField.js';
import { ChoiceGroup, SecretField, SettingField, type TargetFieldsProps } from './target-fields.js';

const ATTACHMENTS = [
  { value: 'binary', label: 'Binary resource in the same transaction' },
  { value: 'inline', label: 'Inline in the DocumentReference (base64)' },
] as const;

/** A FHIR server's address, identifier systems, attachment and authentication. */
export function FhirTargetFields(form: TargetFieldsProps) {
  const { d, edit, err } = form;
  return (
    <>
      <SettingField form={form} name="baseUrl" label="Base URL" hint="The FHIR R4 base, e.g. https://fhir.hospital.local/fhir/R4" type="url" />
      <div className="set-grid set-grid-2">
        <SettingField form={form} name="patientIdentifierSystem" label="MRN identifier system" hint="The assigning authority of the hospital’s MRNs, e.g. urn:oid:1.2.840…" />
        <SettingField form={form} name="documentIdentifierSystem" label="Document identifier system" hint="Identifies ChartDesk’s documents so a retry never creates a second one." />
      </div>
      <ChoiceGroup legend="PDF attachment" value={d.attachment} choices={ATTACHMENTS} onChange={(attachment) => edit({ attachment })} />
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
        {d.authType === 'bearer' ? <SecretField form={form} name="token" saved={d.tokenSaved} errorPath="auth.token" label="Token" noun="token" /> : null}
        {d.authType === 'client-credentials' ? (
          <div className="set-grid set-grid-2">
            <SettingField form={form} name="tokenUrl" errorPath="auth.tokenUrl" label="Token URL" type="url" className="set-span-2" />
            <SettingField form={form} name="clientId" errorPath="auth.clientId" label="Client id" />
            <SecretField form={form} name="clientSecret" saved={d.clientSecretSaved} errorPath="auth.clientSecret" label="Client secret" noun="secret" />
            <SettingField form={form} name="scope" errorPath="auth.scope" label="Scope (optional)" />
            <SelectField label="Send the client credentials" value={d.clientAuth} onChange={(v) => edit({ clientAuth: v === 'body' ? 'body' : 'basic' })}>
              <option value="basic">HTTP Basic (preferred)</option>
              <option value="body">In the form body</option>
            </SelectField>
          </div>
        ) : null}
      </div>
      <SettingField form={form} name="caFile" label="CA file (optional)" hint="A PEM file of the hospital’s certificate authority, trusted in addition to the public roots." />
    </>
  );
}
