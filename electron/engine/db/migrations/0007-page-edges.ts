/** Text cut by the page border, counted by the fast path, for the "cut off" QC check. */
export const sql = /* sql */ `
ALTER TABLE page_recognition ADD COLUMN cut_off_glyphs INTEGER;
`;
