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
 * Keyword and phrase rules from the catalogue. A phrase in the heading (the first lines of the
 * first page, where a document names itself) counts six times a phrase in the body, and body
 * hits are capped, so that many weak hits never beat a document naming itself.
 */
export function suggestByKeywords(types: readonly DocumentType[], heading: string, body: string): DocTypeSuggestion[] {
  const head = fold(heading);
  const rest = fold(body);
  const suggestions: DocTypeSuggestion[] = [];
  for (const type of types) {
    let raw = 0;
    const evidence: string[] = [];
    for (const keyword of type.keywords) {
      const pattern = new RegExp(`(^|[^a-z0-9])${escape(fold(keyword))}($|[^a-z0-9])`, 'g');
      const inHead = (head.match(pattern) ?? []).length;
      const inBody = (rest.match(pattern) ?? []).length;
      if (inHead + inBody === 0) continue;
      raw += Math.min(inHead, 1) * 6 + Math.min(inBody, 2);
      evidence.push(keyword);
    }
    if (raw > 0) suggestions.push({ code: type.code, display: type.display, score: raw / (raw + 2), source: 'rules', evidence });
  }
  return suggestions.sort((a, b) => b.score - a.score);
}
