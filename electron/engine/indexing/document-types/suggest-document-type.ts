import type { DocumentType } from '../../../../shared/domain/document-types.js';
import type { DocTypeSuggestion } from '../../../../shared/domain/indexing.js';
import { suggestByKeywords } from './keyword-rules.js';
import type { DocumentTypeLearner } from './type-learner.js';

export interface DocumentText {
  /** The first lines of the first page, where a document names itself. */
  heading: string;
  body: string;
}

/**
 * Type suggestions for a document, best first: a cover sheet's type wins over everything; then
 * the keyword rules and what the station learned, each type keeping its better suggestion (one
 * with evidence over a guess). Guesses come after every suggestion with evidence, whatever
 * their scores, so the first suggestion is a guess only when nothing better exists.
 */
export function suggestDocumentType(types: readonly DocumentType[], text: DocumentText, learner: DocumentTypeLearner, coverSheetCode: string | null): DocTypeSuggestion[] {
  const byCode = new Map<string, DocTypeSuggestion>();
  const better = (a: DocTypeSuggestion, b: DocTypeSuggestion) => Number(a.guess) - Number(b.guess) || b.score - a.score;
  const offer = (s: DocTypeSuggestion) => {
    const existing = byCode.get(s.code);
    if (!existing || better(s, existing) < 0) byCode.set(s.code, s);
  };
  suggestByKeywords(types, text.heading, text.body).forEach(offer);
  learner.suggest(types, `${text.heading}\n${text.body}`).forEach(offer);
  const ranked = [...byCode.values()].sort(better);
  if (!coverSheetCode) return ranked;
  const type = types.find((t) => t.code === coverSheetCode);
  const cover: DocTypeSuggestion = {
    code: coverSheetCode,
    display: type?.display ?? `Unknown type ${coverSheetCode}`,
    score: 1,
    source: 'cover-sheet',
    evidence: ['cover sheet'],
    guess: false,
  };
  return [cover, ...ranked.filter((s) => s.code !== coverSheetCode)];
}
