/**
 * RFC 4180 records, streamed, each with the physical line it starts on (a quoted address may
 * span lines, and the clerk fixing a rejected row needs the line their editor shows).
 * Lenient where a spreadsheet export is sloppy (a quote inside an unquoted field is kept as a
 * character); strict where data would be lost (text after a closing quote, an unclosed quote).
 */

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
  /** Set when the record is malformed; the fields are then best effort. */
  error?: string;
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

export async function* csvRecords(chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<CsvRecord> {
  // The decoder drops a UTF-8 BOM and keeps multi-byte characters that straddle chunks whole.
  const decoder = new TextDecoder('utf-8');
  let state = State.FieldStart;
  let field = '';
  let fields: string[] = [];
  let started = false;
  let recordLine = 1;
  let line = 1;
  let previousWasCr = false;
  let error: string | undefined;
  let first = true;
  let batch: CsvRecord[] = [];

  const finishRecord = () => {
    if (started) batch.push(error ? { line: recordLine, fields, error } : { line: recordLine, fields });
    fields = [];
    field = '';
    started = false;
    error = undefined;
    state = State.FieldStart;
  };
  const endField = () => {
    fields.push(field);
    field = '';
    state = State.FieldStart;
  };
  const endRecord = () => {
    fields.push(field);
    finishRecord();
  };

  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const newline = c === '\n' || c === '\r';
      if (newline) {
        // CRLF is one line break; a lone CR (old Mac exports) is one too.
        if (!(c === '\n' && previousWasCr)) line++;
        previousWasCr = c === '\r';
      } else previousWasCr = false;

      if (!started && state === State.FieldStart && !newline) {
        started = true;
        recordLine = line;
      }
      switch (state) {
        case State.FieldStart:
          if (c === '"') state = State.Quoted;
          else if (c === ',') fields.push('');
          else if (newline) {
            if (started) fields.push('');
            finishRecord();
          } else {
            field = c;
            state = State.Unquoted;
          }
          break;
        case State.Unquoted:
          if (c === ',') endField();
          else if (newline) endRecord();
          else field += c;
          break;
        case State.Quoted:
          if (c === '"') state = State.QuoteInQuoted;
          else field += c;
          break;
        case State.QuoteInQuoted:
          if (c === '"') {
            field += '"';
            state = State.Quoted;
          } else if (c === ',') endField();
          else if (newline) endRecord();
          else {
            error ??= 'text after a closing quote';
            field += c;
            state = State.Unquoted;
          }
          break;
      }
    }
    if (batch.length > 0) {
      yield* batch;
      batch = [];
    }
  }
  const tail = decoder.decode();
  if (tail) field += tail;
  if (state === State.Quoted) error ??= 'a quoted field is never closed';
  if (started) endRecord();
  yield* batch;
}
