/** Words of OCR text for classification: lower case, letters only, 3+ letters, no stop words. */
const stopWords = new Set(
  'the and for with was were has have had this that from are not but his her she him they them their there which who whom what when where will would been being into onto over under than then also may can per our your you any all one two three on in of to a an is it at by be as or no yes mr mrs ms dr'.split(
    ' ',
  ),
);

export function textWords(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .match(/[a-z]{3,}/g) ?? []
  ).filter((w) => !stopWords.has(w));
}
