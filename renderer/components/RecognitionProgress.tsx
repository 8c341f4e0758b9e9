import type { RecognitionProgress as Progress } from '../../shared/domain/batch.js';
import { failedText, progressText, recognitionPhase } from '../lib/recognition.js';

/**
 * How far recognition has got with a batch. The bar has two layers: pages checked (barcodes,
 * blank, orientation: the light part) and pages read (full text: the solid part).
 */
export function RecognitionProgress({ progress, documentCount, label, compact = false }: { progress: Progress; documentCount: number; label: string; compact?: boolean }) {
  const phase = recognitionPhase(progress);
  const text = progressText(progress, documentCount);
  const failed = failedText(progress);
  const total = Math.max(1, progress.total);
  return (
    <span className={`recog recog-${phase}${compact ? ' recog-compact' : ''}`}>
      {phase !== 'done' ? (
        <span
          className="recog-bar"
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={progress.total}
          aria-valuenow={phase === 'checking' ? progress.fastDone : progress.ocrDone}
          aria-valuetext={text}
        >
          <span className="recog-checked" style={{ width: `${(progress.fastDone / total) * 100}%` }} />
          <span className="recog-read" style={{ width: `${(progress.ocrDone / total) * 100}%` }} />
        </span>
      ) : null}
      <span className="recog-text">{text}</span>
      {failed ? (
        <span className="recog-failed" title="These pages stay in the batch; look at them yourself.">
          {failed}
        </span>
      ) : null}
    </span>
  );
}
