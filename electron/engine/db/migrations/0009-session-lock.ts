/**
 * The idle lock: a session can be locked (the screen went idle) without ending, so the work
 * under the lock screen survives and only the same user's password resumes it.
 */
export const sql = /* sql */ `
ALTER TABLE sessions ADD COLUMN locked_at TEXT;
`;
