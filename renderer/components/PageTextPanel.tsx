import { useEffect } from 'react';
import type { ReadPurpose } from '../../shared/api/contract.js';
import type { Page } from '../../shared/domain/batch.js';
import { LOW_CONFIDENCE } from '../lib/recognition.js';
import { type PageText, useOcr } from '../stores/ocr.js';
import { useViewer } from '../stores/viewer.js';
import { Alert } from './Alert.js';
import { IconButton } from './Button.js';
import { Spinner } from './Spinner.js';

/**
 * Fetches the text of a page while it is needed (the text panel or word outlines are on).
 * purpose: 'open' for the text panel (a person opens the page's text), 'refresh' for outlines
 * drawn on a page of the batch or document already open (that opening is in the audit trail).
 */
export const usePageText = (page: Page, wanted: boolean, purpose: ReadPurpose): { text: PageText | null; loading: boolean; error: string | null } => {
  const status = page.recognition.ocrStatus;
  const entry = useOcr((s) => s.pages[page.id]);
  const load = useOcr((s) => s.load);
  useEffect(() => {
    if (wanted && status === 'done') void load(page.id, status, purpose);
  }, [wanted, page.id, status, load, purpose]);
  const fresh = entry && entry.status === status ? entry : null;
  return { text: fresh?.value ?? null, loading: fresh?.loading ?? (wanted && status === 'done'), error: fresh?.error ?? null };
};

/** The words read on the page, line by line, with the ones to check marked. */
export function PageTextPanel({ page }: { page: Page }) {
  const close = useViewer((s) => s.toggleText);
  const showWords = useViewer((s) => s.showWords);
  const toggleWords = useViewer((s) => s.toggleWords);
  const { text, loading, error } = usePageText(page, true, 'open');
  const r = page.recognition;

  const lowCount = text ? text.words.filter((w) => w.confidence < LOW_CONFIDENCE).length : 0;

  return (
    <aside className="details text-panel" aria-labelledby="page-text-title">
      <header className="text-panel-head">
        <h2 id="page-text-title">Page {page.sequence} text</h2>
        <IconButton icon="close" size="sm" aria-label="Close page text" title="Close page text (T)" onClick={close} />
      </header>
      {r.ocrStatus === 'pending' ? (
        <Spinner label={r.fastStatus === 'pending' ? 'Waiting to read this page…' : 'Reading text…'} />
      ) : r.ocrStatus === 'failed' ? (
        <Alert tone="warning">Could not read the text of this page automatically; it stays in the batch.</Alert>
      ) : error ? (
        <Alert>{error}</Alert>
      ) : !text ? (
        loading ? (
          <Spinner label="Loading the text…" />
        ) : null
      ) : text.words.length === 0 && !text.text?.trim() ? (
        <p className="muted">{noTextSentence(r)}</p>
      ) : (
        <>
          <p className="text-panel-summary">
            {text.confidence !== null && text.confidence > 0 ? `Read with ${Math.round(text.confidence)}% confidence on average. ` : null}
            {text.words.length === 0 ? null : lowCount === 0 ? 'No words to check.' : `${lowCount} ${lowCount === 1 ? 'word' : 'words'} to check.`}
          </p>
          <p className="text-legend">
            <mark className="ocr-low">marked</mark> words were read with under {LOW_CONFIDENCE}% confidence: check them against the page.
          </p>
          <label className="check">
            <input type="checkbox" checked={showWords} onChange={toggleWords} />
            Outline the words on the page
          </label>
          <OcrText text={text} recognition={r} />
        </>
      )}
    </aside>
  );
}

/** Why a page has no text: a blank page has none, capture sheets are not read (their codes are what counts). */
function noTextSentence(r: Page['recognition']): string {
  if (r.role === 'separator' || r.role === 'cover') return `${r.role === 'cover' ? 'A cover sheet' : 'A separator sheet'} is not read for text: its barcode is what counts.`;
  return r.blank ? 'This page is blank: there is no text to read.' : 'No text was found on this page.';
}

function OcrText({ text, recognition }: { text: PageText; recognition: Page['recognition'] }) {
  if (text.words.length === 0) {
    const plain = text.text?.trim();
    return plain ? (
      <div className="ocr-text" aria-label="Text read on the page">
        <p className="ocr-plain">{plain}</p>
      </div>
    ) : (
      <p className="muted">{noTextSentence(recognition)}</p>
    );
  }
  const lines = new Map<number, PageText['words']>();
  for (const word of text.words) {
    const line = lines.get(word.line);
    if (line) line.push(word);
    else lines.set(word.line, [word]);
  }
  return (
    <div className="ocr-text" aria-label="Text read on the page">
      {[...lines.entries()].map(([line, words]) => (
        <p key={line} className="ocr-line">
          {words.map((w, i) => (
            <span key={i}>
              {i > 0 ? ' ' : null}
              {w.confidence < LOW_CONFIDENCE ? (
                <mark className="ocr-low" title={`${Math.round(w.confidence)}% confidence`}>
                  {w.text}
                </mark>
              ) : (
                w.text
              )}
            </span>
          ))}
        </p>
      ))}
    </div>
  );
}
