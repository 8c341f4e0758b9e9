import type { DocumentType } from '../../../../shared/domain/document-types.js';
import type { DocTypeSuggestion } from '../../../../shared/domain/indexing.js';

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * How many different phrases of a type the body must carry, without the heading naming it, for
 * the rules to count as evidence. One word is chance ("specimen" in a progress note made it a
 * laboratory report); calibrated on generated documents (scripts/measure-document-types.ts).
 */
export const MIN_BODY_PHRASES = 2;

/**
 * Keyword and phrase rules from the catalogue. A phrase in the heading (the first lines of the
 * first page, where a document names itself) counts six times a phrase in the body, and body
 * hits are capped, so that many weak hits never beat a document naming itself. A type neither
 * named in the heading nor carried by MIN_BODY_PHRASES phrases of the body is only a guess.
 */
export function suggestByKeywords(types: readonly DocumentType[], heading: string, body: string): DocTypeSuggestion[] {
  const head = fold(heading);
  const rest = fold(body);
  const suggestions: DocTypeSuggestion[] = [];
  for (const type of types) {
    let raw = 0;
    let inHeading = false;
    const evidence: string[] = [];
    for (const keyword of type.keywords) {
      const pattern = new RegExp(`(^|[^a-z0-9])${escape(fold(keyword))}($|[^a-z0-9])`, 'g');
      const inHead = (head.match(pattern) ?? []).length;
      const inBody = (rest.match(pattern) ?? []).length;
      if (inHead + inBody === 0) continue;
      raw += Math.min(inHead, 1) * 6 + Math.min(inBody, 2);
      inHeading ||= inHead > 0;
      evidence.push(keyword);
    }
    const guess = !inHeading && evidence.length < MIN_BODY_PHRASES;
    if (raw > 0) suggestions.push({ code: type.code, display: type.display, score: raw / (raw + 2), source: 'rules', evidence, guess });
  }
  return suggestions.sort((a, b) => b.score - a.score);
}
