import { describe, expect, it } from 'vitest';
import { OpenedRecords } from '../../../electron/engine/api/opened-records.js';

const batch = { type: 'batch', id: 'b1' } as const;
const doc = { type: 'document', id: 'd1' } as const;
const pageText = { type: 'page', id: 'p1', part: 'text' } as const;

describe('what a session has open', () => {
  it('records every opening, and no refresh of what is open', () => {
    const opened = new OpenedRecords();
    expect(opened.isOpening('token-a', batch, 'open')).toBe(true);
    for (let i = 0; i < 50; i++) expect(opened.isOpening('token-a', batch, 'refresh')).toBe(false);
    // Opening it again is another opening.
    expect(opened.isOpening('token-a', batch, 'open')).toBe(true);
  });

  it('records a "refresh" of something the session never opened: a read is never unrecorded', () => {
    const opened = new OpenedRecords();
    expect(opened.isOpening('token-a', doc, 'refresh')).toBe(true);
    expect(opened.isOpening('token-a', doc, 'refresh')).toBe(false);
    // Another session has opened nothing.
    expect(opened.isOpening('token-b', doc, 'refresh')).toBe(true);
  });

  it('counts a page read inside an open batch or document as part of that opening', () => {
    const opened = new OpenedRecords();
    expect(opened.isOpening('token-a', pageText, 'refresh', [batch, doc])).toBe(true);
    opened.isOpening('token-a', doc, 'open');
    expect(opened.isOpening('token-a', { ...pageText, id: 'p2' }, 'refresh', [batch, doc])).toBe(false);
    // The text panel opened by the person is an opening of its own.
    expect(opened.isOpening('token-a', { ...pageText, id: 'p2' }, 'open', [batch, doc])).toBe(true);
  });

  it('forgets what a session had open when it ends', () => {
    const opened = new OpenedRecords();
    opened.isOpening('token-a', batch, 'open');
    opened.forget('token-a');
    expect(opened.isOpening('token-a', batch, 'refresh')).toBe(true);
  });
});
