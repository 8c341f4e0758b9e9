import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { DocumentType } from '../../shared/domain/document-types.js';
import type { DocumentIndexing } from '../../shared/domain/indexing.js';
import type { Patient, PatientSearchResult } from '../../shared/domain/patient.js';
import { call } from '../api/client.js';
import { type DateOrder, dateOrderName } from '../../shared/domain/date-order.js';
import { formatDateAs } from '../../shared/domain/written-dates.js';
import { birthDateText, dateSuggestionText, matchedPartText, matchSentence, parseTypedDate, patientName, readDateText, sexName, typedBirthDateText, typeSentence } from '../lib/indexing.js';
import { formatServiceDate } from '../lib/recognition.js';
import { requestCounter } from '../lib/schedule.js';
import { useStation } from '../stores/station.js';
import { Badge } from './Badge.js';
import { ComboField, type ComboOption } from './ComboField.js';

interface FieldProps {
  indexing: DocumentIndexing;
  inputRef: Ref<HTMLInputElement>;
  disabled: boolean;
  /** Saves the choice; resolves true when the engine took it. */
  onSave(value: string | null): Promise<boolean>;
  onLeave(): void;
  /** F2-F4 and other keys the fields pass on. */
  onKeyDown(event: KeyboardEvent<HTMLInputElement>): boolean;
}

/**
 * What the index fields share: the typed text, and how a field is left. After a save the engine
 * took, or on Escape, the field is emptied (`reset` clears the field's own state too) and the
 * keyboard goes back to the screen. `combo` is what every field passes to its ComboField.
 */
function useIndexField({ inputRef, disabled, onSave, onLeave, onKeyDown }: FieldProps, reset: () => void = () => undefined) {
  const [query, setQuery] = useState('');
  const leave = () => {
    setQuery('');
    reset();
    onLeave();
  };
  const save = async (value: string | null) => {
    if (await onSave(value)) leave();
  };
  return { query, setQuery, save, combo: { inputRef, query, onQuery: setQuery, onLeave: leave, onKeyDown, disabled } };
}

export function PatientLine({ patient }: { patient: Patient }) {
  return (
    <span className="pt-line">
      <span className="pt-name">{patientName(patient)}</span>
      <span className="pt-meta">
        <span className="mono">MRN {patient.mrn}</span> · {birthDateText(patient)} · {sexName(patient.sex)}
      </span>
    </span>
  );
}

const searches = requestCounter();

/** Patient search: live results as the clerk types (MRN, name, birth date, or a mix). */
export function PatientField(props: FieldProps) {
  const pickWhenReady = useRef(false);
  const { query, save, combo } = useIndexField(props, () => (pickWhenReady.current = false));
  const { indexing } = props;
  const [results, setResults] = useState<{ query: string; items: PatientSearchResult[] } | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const trimmed = query.trim();

  useEffect(() => {
    if (!trimmed) {
      setResults(null);
      setSearchError(null);
      return;
    }
    const n = searches.next();
    const timer = setTimeout(async () => {
      const result = await call('patients.search', { query: trimmed, limit: 8 });
      if (!searches.isLatest(n)) return;
      if (result.ok) {
        setResults({ query: trimmed, items: result.value.results });
        setSearchError(null);
      } else setSearchError(result.error.message);
    }, 120);
    return () => clearTimeout(timer);
  }, [trimmed]);

  const fresh = results && results.query === trimmed ? results.items : null;
  const suggestions = indexing.suggestions.patients;
  const dateOrder = useStation((s) => s.status?.dateOrder ?? null);
  const birthDateRead = dateOrder && trimmed ? typedBirthDateText(trimmed, dateOrder) : null;

  const options: ComboOption[] = trimmed
    ? (fresh ?? []).map((r) => ({
        key: r.patient.mrn,
        name: `${patientName(r.patient)}, MRN ${r.patient.mrn}, ${birthDateText(r.patient)}`,
        content: (
          <>
            <PatientLine patient={r.patient} />
            <span className="pt-matched">
              {r.matched.map((m) => (
                <Badge key={`${m.field}-${m.how}`} tone={m.how === 'exact' ? 'success' : m.how === 'prefix' ? 'accent' : 'warning'}>
                  {matchedPartText(m)}
                </Badge>
              ))}
            </span>
          </>
        ),
      }))
    : suggestions.map((s) => ({
        key: s.patient.mrn,
        name: `Suggested: ${patientName(s.patient)}, MRN ${s.patient.mrn}`,
        content: (
          <>
            <PatientLine patient={s.patient} />
            <span className={`pt-why${s.confidence === 'weak' ? ' pt-why-weak' : ''}`}>{matchSentence(s, indexing.evidence)}</span>
          </>
        ),
      }));

  const pick = (mrn: string) => {
    pickWhenReady.current = false;
    return save(mrn);
  };

  // Enter pressed before the results of what was typed arrived: take the first when they come.
  useEffect(() => {
    if (pickWhenReady.current && fresh) {
      pickWhenReady.current = false;
      if (fresh[0]) void pick(fresh[0].patient.mrn);
    }
    // Runs when the results arrive, not after every render (pick is a new function each render and reads props when called).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fresh]);

  const status = !trimmed
    ? null
    : searchError
      ? searchError
      : !fresh
        ? 'Searching…'
        : fresh.length === 0
          ? `No patient matches “${trimmed}”. Check the spelling or search by MRN. If no one is found at all, the patient index may not be imported yet: an administrator imports it in Settings → Patient index.`
          : null;

  return (
    <ComboField
      {...combo}
      label="Find a patient"
      shortcut="/"
      options={options}
      onPick={(key) => void pick(key)}
      onEnterText={() => {
        if (trimmed && !fresh) pickWhenReady.current = true;
      }}
      placeholder="MRN, name or birth date"
      status={status}
      listLabel={trimmed ? 'Patients found' : 'Suggested patients'}
      highlightFirst={Boolean(trimmed)}
      hint={birthDateRead ?? `Type an MRN, “FAMILY, Given”, a birth date${dateOrder ? ` (${datePattern(dateOrder)})` : ''}, or a mix. ↑ ↓ to choose, Enter to take, Esc to leave.`}
    />
  );
}

/** Ranks catalogue entries against what was typed: the display name's start first, then word starts, then the code. */
const rankTypes = (types: DocumentType[], query: string): DocumentType[] => {
  const q = query.trim().toLowerCase();
  if (!q) return types;
  const words = q.split(/\s+/);
  const scored = types
    .map((t) => {
      const display = t.display.toLowerCase();
      const displayWords = display.split(/[\s/-]+/);
      let score = 0;
      if (display.startsWith(q)) score = 4;
      else if (words.every((w) => displayWords.some((d) => d.startsWith(w)))) score = 3;
      else if (t.code.toLowerCase().startsWith(q)) score = 2;
      else if (words.every((w) => t.keywords.some((k) => k.includes(w)))) score = 1;
      return { t, score };
    })
    .filter((x) => x.score > 0);
  return scored.sort((a, b) => b.score - a.score).map((x) => x.t);
};

/** Type: filter the catalogue as you type, Enter to choose. Suggestions first, with their evidence. */
export function TypeField({ types, ...props }: FieldProps & { types: DocumentType[] }) {
  const { query, save, combo } = useIndexField(props);
  const { indexing } = props;
  const trimmed = query.trim();
  const suggested = indexing.suggestions.docTypes;
  const ranked = useMemo(() => rankTypes(types, trimmed), [types, trimmed]);
  const ordered = trimmed
    ? ranked
    : [...suggested.map((s) => types.find((t) => t.code === s.code)).filter((t): t is DocumentType => Boolean(t)), ...types.filter((t) => !suggested.some((s) => s.code === t.code))];

  const options: ComboOption[] = ordered.map((t) => {
    const suggestion = suggested.find((s) => s.code === t.code);
    return {
      key: t.code,
      name: suggestion ? `${t.display}, suggested` : t.display,
      content: (
        <>
          <span className="type-line">
            <span className="type-name">{t.display}</span>
            <span className="type-code mono">{t.code}</span>
          </span>
          {suggestion ? <span className="pt-why">Suggested: {typeSentence(suggestion)}</span> : null}
          {t.sensitive ? <span className="type-flag">Sensitive</span> : null}
        </>
      ),
    };
  });

  return (
    <ComboField
      {...combo}
      label="Pick a type"
      shortcut="Y"
      options={options}
      onPick={(key) => void save(key)}
      placeholder="Type to filter, e.g. “disch”"
      status={
        trimmed && options.length === 0 ? `No type matches “${trimmed}”. An administrator can add local types in Settings → Document types.` : types.length === 0 ? 'Loading the catalogue…' : null
      }
      listLabel="Document types"
      highlightFirst={Boolean(trimmed) || suggested.length > 0}
    />
  );
}

/** How a date is typed at this station: "MM/DD/YYYY", "DD/MM/YYYY" or "YYYY-MM-DD". */
const datePattern = (order: DateOrder) => (order === 'month-first' ? 'MM/DD/YYYY' : order === 'day-first' ? 'DD/MM/YYYY' : 'YYYY-MM-DD');

/**
 * Date of service: typed in the station's date order (or as 2026-03-04, 20260304, 4 Mar 2026),
 * or one of the dates read on the pages. What was typed is shown as it will be saved, by the
 * month's name, before Enter saves it; an ambiguous date says which order it was read in.
 */
export function DateField(props: FieldProps) {
  const [error, setError] = useState<string | null>(null);
  const { query, setQuery, save, combo } = useIndexField(props, () => setError(null));
  const { indexing, onLeave } = props;
  const order = useStation((s) => s.status?.dateOrder ?? null);
  const suggestions = indexing.suggestions.datesOfService;
  const typed = query.trim();
  const read = typed && order ? parseTypedDate(typed, order) : null;
  const options: ComboOption[] = typed
    ? []
    : suggestions.map((s) => ({
        key: s.date,
        name: `${formatServiceDate(s.date) ?? s.date}, ${s.source === 'cover-sheet' ? 'from the cover sheet' : `read: ${s.evidence}`}${s.otherReading ? `, or ${formatServiceDate(s.otherReading)} in the other date order` : ''}`,
        content: (
          <>
            <span className="type-line">
              <span className="type-name">{formatServiceDate(s.date)}</span>
              <span className="type-code mono">{s.date}</span>
            </span>
            <span className={`pt-why${s.otherReading ? ' pt-why-weak' : ''}`}>{order ? dateSuggestionText(s, order) : s.evidence}</span>
          </>
        ),
      }));

  const example = order ? formatDateAs('2026-03-04', order) : '2026-03-04';
  const hint = !typed
    ? suggestions.length > 0
      ? '↓ to pick a date read on the pages, or type one; Enter to save.'
      : `Type the date (${order ? datePattern(order) : 'YYYY-MM-DD'}) and press Enter.`
    : read && order
      ? `Will be saved as ${readDateText(read, order)}. Enter to save.`
      : order
        ? `Not a date yet: type it ${dateOrderName(order)}, e.g. ${example}.`
        : 'Loading how this station writes dates…';

  return (
    <ComboField
      {...combo}
      label="Date of service"
      shortcut="D"
      onQuery={(q) => {
        setQuery(q);
        setError(null);
      }}
      options={options}
      onPick={(key) => void save(key)}
      onEnterText={(text) => {
        if (!text.trim()) {
          onLeave();
          return;
        }
        const date = order ? parseTypedDate(text, order) : null;
        if (!date) {
          setError(`Type a date like ${example} (${order ? dateOrderName(order) : 'year first'}), 2026-03-04 or 4 Mar 2026.`);
          return;
        }
        void save(date.date);
      }}
      placeholder={order ? `${datePattern(order)} or YYYY-MM-DD` : 'YYYY-MM-DD'}
      error={error}
      listLabel="Dates read on the pages"
      highlightFirst={false}
      hint={<span aria-live="polite">{hint}</span>}
    />
  );
}
