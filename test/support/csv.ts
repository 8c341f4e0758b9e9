/**
 * Reads CSV text per RFC 4180 (quoted fields, doubled quotes, CRLF line ends) into rows of fields,
 * header row included. The tests' own reader, written apart from the engine's CSV writer, so an
 * export is checked by something that does not share its assumptions.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endRow();
      i++;
    } else field += c;
  }
  // A last line without its CRLF is still a row.
  if (field || row.length) endRow();
  return rows;
}
