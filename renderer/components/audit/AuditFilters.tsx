import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { AuditFilter, AuditSearchOptions } from '../../../shared/domain/audit.js';
import { Button } from '../Button.js';
import { actionLabel } from './audit-words.js';

interface Draft {
  person: string;
  mrn: string;
  documentId: string;
  action: string;
  from: string;
  to: string;
}

const draftOf = (f: AuditFilter): Draft => ({
  person: f.person ?? '',
  mrn: f.mrn ?? '',
  documentId: f.documentId ?? '',
  action: f.actions?.[0] ?? '',
  from: f.from ?? '',
  to: f.to ?? '',
});

/** Only the parts filled in: an empty field filters nothing. */
function filterOf(d: Draft): AuditFilter {
  const text = (v: string) => (v.trim() ? v.trim() : undefined);
  const filter: AuditFilter = {};
  const person = text(d.person);
  const mrn = text(d.mrn);
  const documentId = text(d.documentId);
  if (person) filter.person = person;
  if (mrn) filter.mrn = mrn;
  if (documentId) filter.documentId = documentId;
  if (d.action) filter.actions = [d.action];
  if (d.from) filter.from = d.from;
  if (d.to) filter.to = d.to;
  return filter;
}

/**
 * The filters, applied on Search (or Enter) rather than on every keystroke: each new search is
 * recorded in the trail, and half-typed MRNs would fill it with noise.
 */
export function AuditFilters({
  applied,
  options,
  errors,
  busy,
  onSearch,
}: {
  applied: AuditFilter;
  options: AuditSearchOptions | null;
  errors: Record<string, string>;
  busy: boolean;
  onSearch(filter: AuditFilter): void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(applied));
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(filterOf(draft));
  };
  const error = (key: string) => errors[`filter.${key}`];

  const field = (key: string, label: string, input: ReactNode) => (
    <div className={`field${error(key) ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={`${id}-${key}`}>
        {label}
      </label>
      {input}
      {error(key) ? <p className="field-error">{error(key)}</p> : null}
    </div>
  );

  return (
    <form className="audit-filters" onSubmit={submit} aria-label="Search the audit trail" noValidate>
      {field(
        'person',
        'Person',
        <>
          <input id={`${id}-person`} className="input" value={draft.person} onChange={set('person')} list={`${id}-people`} autoComplete="off" spellCheck={false} />
          <datalist id={`${id}-people`}>
            {options?.people.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </>,
      )}
      {field('mrn', 'Patient MRN', <input id={`${id}-mrn`} className="input mono" value={draft.mrn} onChange={set('mrn')} autoComplete="off" spellCheck={false} />)}
      {field('documentId', 'Document', <input id={`${id}-documentId`} className="input mono" value={draft.documentId} onChange={set('documentId')} autoComplete="off" spellCheck={false} />)}
      {field(
        'actions',
        'Action',
        <select id={`${id}-actions`} className="input" value={draft.action} onChange={set('action')}>
          <option value="">Any action</option>
          {(options?.actions ?? []).map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </select>,
      )}
      {field('from', 'From', <input id={`${id}-from`} className="input" type="date" value={draft.from} onChange={set('from')} />)}
      {field('to', 'To', <input id={`${id}-to`} className="input" type="date" value={draft.to} onChange={set('to')} />)}
      <div className="audit-filter-actions">
        <Button type="submit" variant="primary" busy={busy}>
          Search
        </Button>
        <Button
          onClick={() => {
            const empty = draftOf({});
            setDraft(empty);
            onSearch(filterOf(empty));
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
