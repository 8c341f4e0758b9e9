import type { KeyboardEvent as ReactKeyboardEvent, ReactNode, RefObject } from 'react';
import type { BatchDocument } from '../../../shared/domain/batch.js';
import type { DocumentIndexing, QcFinding } from '../../../shared/domain/indexing.js';
import { Button } from '../../components/Button.js';
import { DeliveryStatus } from '../../components/DeliveryStatus.js';
import { DocumentRequests } from '../../components/DocumentRequests.js';
import { DocumentStateBadge } from '../../components/DocumentStateBadge.js';
import { DateField, PatientField, PatientLine, TypeField } from '../../components/IndexFields.js';
import { OtherChecks } from '../../components/OtherChecks.js';
import { plural } from '../../lib/format.js';
import { birthDateEvidenceText, dateSuggestionText, matchSentence, typeSentence } from '../../lib/indexing.js';
import { formatServiceDate } from '../../lib/recognition.js';
import { type Notice, useIndexing } from '../../stores/indexing.js';
import { useStation } from '../../stores/station.js';
import { ConfirmGate } from './ConfirmGate.js';
import { Finding, findingRank, ReviewNote } from './Findings.js';

/** The right-hand panel: the document's patient, type and date of service, with what suggests them, and the confirmation. */
export function IndexPanel({
  indexing,
  document,
  docNumber,
  types,
  canEdit,
  canOverride,
  editable,
  busy,
  refs,
  onLeave,
  onFieldKey,
  onConfirm,
  onOverride,
  onGoToPage,
  notice,
  nextBatch,
}: {
  notice: Notice | null;
  /** Once every document of the batch is confirmed: the next batch to index. */
  nextBatch: ReactNode;
  indexing: DocumentIndexing;
  document: BatchDocument;
  docNumber: number;
  types: ReturnType<typeof useIndexing.getState>['types'];
  canEdit: boolean;
  canOverride: boolean;
  editable: boolean;
  busy: boolean;
  refs: { patient: RefObject<HTMLInputElement | null>; type: RefObject<HTMLInputElement | null>; date: RefObject<HTMLInputElement | null> };
  onLeave(): void;
  onFieldKey(event: ReactKeyboardEvent<HTMLInputElement>): boolean;
  onConfirm(): void;
  onOverride(finding: QcFinding): void;
  onGoToPage(pageId: string): void;
}) {
  const setIndex = useIndexing((s) => s.setIndex);
  const accept = useIndexing((s) => s.acceptSuggestions);
  const { index, suggestions, evidence } = indexing;
  const dateOrder = useStation((s) => s.status?.dateOrder ?? null);
  const confirmed = indexing.status === 'confirmed';
  const others = indexing.qc.filter((f) => f.severity === 'warning' || f.override).sort((a, b) => findingRank(a) - findingRank(b));
  // Until OCR has read every page, "nothing names the patient" would be a guess.
  const stillReading = indexing.qc.some((f) => f.code === 'recognition-incomplete');
  const hasSuggestions = suggestions.patients.length > 0 || suggestions.docTypes.length > 0 || suggestions.datesOfService.length > 0;
  const evidenceParts = [
    ...evidence.mrns.map((m) => `MRN ${m.value} (${m.source === 'barcode' ? 'label' : m.source === 'cover-sheet' ? 'cover sheet' : 'text'})`),
    ...evidence.names.map((n) => n),
    ...evidence.birthDates.map(birthDateEvidenceText),
  ];
  const chosenMatch = index.patient ? suggestions.patients.find((s) => s.patient.mrn === index.patient?.mrn) : undefined;
  const otherPatients = suggestions.patients.filter((s) => s !== chosenMatch);
  // Who may not change the values, or a confirmed document, sees each value even when it is empty.
  const readOnly = !canEdit || confirmed;
  const fieldProps = { indexing, disabled: !editable, onLeave, onKeyDown: onFieldKey };

  return (
    <>
      <div className="ix-scroll" tabIndex={0} role="region" aria-label="Document details">
        <div className="ix-status">
          <h2 className="ix-doc-title">Document {docNumber}</h2>
          <DocumentStateBadge state={indexing.state} />
          <span className="muted small">{plural(document.pageIds.length, 'page')}</span>
        </div>
        {document.delivery ? (
          <div className="ix-delivery" aria-label="Delivery" role="status">
            <span className="ix-delivery-label">Delivery</span>
            <DeliveryStatus delivery={document.delivery} />
          </div>
        ) : null}
        <ReviewNote review={indexing.review} confirmed={confirmed} />
        <DocumentRequests indexing={indexing} canAnswer={canOverride} canEdit={canEdit} />
        {!confirmed && canEdit && hasSuggestions ? (
          <Button className="ix-accept" onClick={() => void accept()} disabled={busy} title="Take the suggested patient (when sure), type and date (A)">
            Accept suggestions <kbd>A</kbd>
          </Button>
        ) : null}

        {others.length > 0 ? (
          <OtherChecks findings={others}>
            {others.map((f) => (
              <Finding key={f.code} finding={f} pageIds={indexing.pageIds} onGoToPage={onGoToPage} />
            ))}
          </OtherChecks>
        ) : null}

        <FieldSection id="ix-patient-title" title="Patient">
          <ChosenValue label="Patient chosen" unset="No patient chosen yet" alwaysShown={readOnly}>
            {index.patient ? (
              <>
                <PatientLine patient={index.patient} />
                {chosenMatch ? <span className={`pt-why${chosenMatch.confidence === 'weak' ? ' pt-why-weak' : ''}`}>{matchSentence(chosenMatch, evidence)}</span> : null}
              </>
            ) : null}
          </ChosenValue>
          {otherPatients.length > 0 ? (
            <ul className="ix-suggestions" aria-label="Suggested patients">
              {otherPatients.map((s) => (
                <li key={s.patient.mrn} className={`ix-suggestion${s.confidence === 'weak' ? ' ix-suggestion-weak' : ''}`}>
                  <PatientLine patient={s.patient} />
                  <span className={`pt-why${s.confidence === 'weak' ? ' pt-why-weak' : ''}`}>{matchSentence(s, evidence)}</span>
                  {editable ? (
                    <Button size="sm" onClick={() => void setIndex({ patientMrn: s.patient.mrn }, 'Patient set.')} disabled={busy}>
                      Use this patient
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : suggestions.patients.length === 0 ? (
            <p className="muted small" data-patient-evidence={stillReading ? 'reading' : 'read'}>
              {stillReading
                ? evidenceParts.length > 0
                  ? `No patient in the index fits what has been read so far; the pages are still being read.${index.patient ? '' : ' Or search below.'}`
                  : `The pages are still being read: the patient may yet be named on them.${index.patient ? '' : ' Or search below.'}`
                : evidenceParts.length > 0
                  ? 'No patient in the index fits what the pages say: search below.'
                  : 'Nothing on the pages names the patient: search below.'}
            </p>
          ) : null}
          {evidenceParts.length > 0 ? <p className="small ix-evidence">Read on the pages: {evidenceParts.join(' · ')}</p> : null}
          {canEdit ? <PatientField {...fieldProps} inputRef={refs.patient} onSave={(mrn) => setIndex({ patientMrn: mrn }, 'Patient set.')} /> : null}
        </FieldSection>

        <FieldSection id="ix-type-title" title="Type">
          <ChosenValue label="Type chosen" unset="No type chosen yet" alwaysShown={readOnly}>
            {index.docType ? <CodedValue text={index.docType.display} code={index.docType.code} /> : null}
          </ChosenValue>
          {canEdit ? <TypeField {...fieldProps} types={types} inputRef={refs.type} onSave={(code) => setIndex({ docTypeCode: code }, 'Type set.')} /> : null}
          <SuggestedValues label="Suggested types" values={suggestions.docTypes.map((s) => ({ key: s.code, value: s.display, why: typeSentence(s) }))} />
        </FieldSection>

        <FieldSection id="ix-date-title" title="Date of service">
          <ChosenValue label="Date of service chosen" unset="No date yet" alwaysShown={readOnly}>
            {index.dateOfService ? <CodedValue text={formatServiceDate(index.dateOfService)} code={index.dateOfService} /> : null}
          </ChosenValue>
          {canEdit ? <DateField {...fieldProps} inputRef={refs.date} onSave={(date) => setIndex({ dateOfService: date }, date ? 'Date of service set.' : 'Date of service cleared.')} /> : null}
          <SuggestedValues
            label="Dates read on the pages"
            values={suggestions.datesOfService.map((s) => ({ key: `${s.date}-${s.source}`, value: formatServiceDate(s.date), why: dateOrder ? dateSuggestionText(s, dateOrder) : s.evidence }))}
          />
        </FieldSection>
      </div>

      <ConfirmGate
        indexing={indexing}
        document={document}
        notice={notice}
        nextBatch={nextBatch}
        canEdit={canEdit}
        canOverride={canOverride}
        busy={busy}
        onConfirm={onConfirm}
        onOverride={onOverride}
        onGoToPage={onGoToPage}
      />
    </>
  );
}

/** One of the three index values: its title, what it holds, what suggests it, and its field. */
function FieldSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="ix-field" aria-labelledby={id}>
      <h2 id={id} className="ix-section-title">
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * The value a field holds, or in words that it holds none yet. An empty value is shown only to
 * those who cannot fill it in (the field below says it for the others).
 */
function ChosenValue({ label, unset, alwaysShown, children }: { label: string; unset: string; alwaysShown: boolean; children: ReactNode }) {
  if (!children && !alwaysShown) return null;
  return (
    <div className={`ix-value${children ? ' ix-value-set' : ''}`} aria-label={label}>
      {children ?? <span className="muted">{unset}</span>}
    </div>
  );
}

/** The first three suggestions for a type or a date, each with why it is suggested. */
function SuggestedValues({ label, values }: { label: string; values: Array<{ key: string; value: ReactNode; why: string }> }) {
  if (values.length === 0) return null;
  return (
    <ul className="ix-suggestions ix-suggestions-compact" aria-label={label}>
      {values.slice(0, 3).map((v) => (
        <li key={v.key} className="ix-suggestion">
          <span>
            <strong>{v.value}</strong> — <span className="pt-why">{v.why}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A value and its code beside it: "Discharge summary 18842-5", "10 Feb 2026 2026-02-10". */
function CodedValue({ text, code }: { text: string | null; code: string }) {
  return (
    <span>
      {text} <span className="mono muted small">{code}</span>
    </span>
  );
}
