import { plural } from '../lib/format.js';
import '../styles/purged-page.css';

/** What the station says in place of a page image that retention removed after delivery. */
export const purgedPageText = (retentionDays: number | null | undefined) =>
  retentionDays ? `Image removed after delivery (retention: ${plural(retentionDays, 'day')})` : 'Image removed after delivery (retention)';

/** Fills the page sheet in the large viewer: the page is known, its image is gone on purpose. */
export function PurgedPageNotice({ retentionDays }: { retentionDays?: number | null }) {
  return (
    <div className="purged-page" role="note">
      <p className="purged-page-title">{purgedPageText(retentionDays)}</p>
      <p className="purged-page-line">The document was delivered; its index record and page fingerprints stay on this station.</p>
    </div>
  );
}

/** A thumbnail-sized stand-in for a purged page. */
export function PurgedThumbnail({ retentionDays }: { retentionDays?: number | null }) {
  return (
    <span className="purged-thumb" title={purgedPageText(retentionDays)}>
      Removed
    </span>
  );
}
