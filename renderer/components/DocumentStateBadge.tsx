import { type DocumentState, documentStateNames } from '../../shared/domain/document-state.js';
import { Badge, type Tone } from './Badge.js';

const tones: Record<DocumentState, Tone> = {
  'to-do': 'neutral',
  blocked: 'danger',
  ready: 'accent',
  'waiting-for-review': 'warning',
  'waiting-for-text': 'neutral',
  'waiting-to-send': 'warning',
  sending: 'neutral',
  delivered: 'success',
  'delivery-failed': 'danger',
  held: 'warning',
  confirmed: 'success',
};

/** A document's state in the engine's word (the same in the document list, the panel and the batch viewer). */
export function DocumentStateBadge({ state }: { state: DocumentState }) {
  return (
    <span className="doc-state-badge" data-state={state}>
      <Badge tone={tones[state]}>{documentStateNames[state]}</Badge>
    </span>
  );
}
