/**
 * Hands a file made in the page to the person: a Blob behind an object URL and a click on an
 * <a download>, which works in a browser and in the desktop window alike, with no server round trip.
 */
export function downloadFile(fileName: string, parts: BlobPart[], type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the browser may still be reading the Blob when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A CSV file as spreadsheets open it: with a UTF-8 byte-order mark, without which Excel reads an
 * accented name ("Zoë") as Windows-1252.
 */
export const downloadCsv = (fileName: string, content: string) => downloadFile(fileName, ['\uFEFF', content], 'text/csv;charset=utf-8');
