import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { DocumentType } from '../../../../shared/domain/document-types.js';
import type { DocTypeSuggestion } from '../../../../shared/domain/indexing.js';
import { textWords } from '../text-words.js';

/** Below this many confirmed documents, or with a single type learned, the learner stays quiet. */
const MIN_DOCUMENTS = 3;
/**
 * The learner's probabilities are scaled so that a document naming its own type in its heading
 * (a rules score of 0.75) still wins; the learner decides where the rules have nothing strong.
 */
const LEARNED_WEIGHT = 0.7;

export interface LearnedRanking {
  code: string;
  /** Naive Bayes posterior among the learned types: it sums to 1 even for a page unlike any of them. */
  posterior: number;
  /** Distinct words of the document (after stop words). */
  documentWords: number;
  /** Telling words, strongest first. */
  telling: string[];
}

/**
 * When the learner's answer counts as evidence. Naive Bayes posteriors are near 1 for a page
 * unlike anything learned (a typing test came out "Laboratory report" at 0.94), so the
 * posterior alone says nothing: the page must also share enough telling words with the type.
 * Calibrated on generated documents (scripts/measure-document-types.ts, docs/dates-and-suggestions.md):
 * pages of a learned type have a telling share of at least MIN_TELLING_SHARE; pages of types
 * the learner never saw and pages that are no clinical document stay below it.
 */
export const MIN_POSTERIOR = 0.5;
export const MIN_TELLING_WORDS = 3;
export const MIN_TELLING_SHARE = 0.35;

export const learnedBacked = (r: Pick<LearnedRanking, 'posterior' | 'documentWords' | 'telling'>): boolean =>
  r.posterior >= MIN_POSTERIOR && r.telling.length >= MIN_TELLING_WORDS && r.telling.length / r.documentWords >= MIN_TELLING_SHARE;

/**
 * A multinomial naive Bayes over the words of documents the clerks confirmed on this station,
 * kept in SQLite so it survives restarts and can be inspected. Explainable: each suggestion
 * lists the words that pulled hardest towards its type.
 */
export class DocumentTypeLearner {
  constructor(private readonly db: Database) {}

  /** Call inside the transaction that confirms the document. */
  learn(code: string, text: string): void {
    const counts = new Map<string, number>();
    for (const word of textWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
    const upsert = this.db.prepare(
      `INSERT INTO doc_type_word_counts (code, word, count) VALUES (?, ?, ?)
       ON CONFLICT(code, word) DO UPDATE SET count = count + excluded.count`,
    );
    let total = 0;
    for (const [word, count] of counts) {
      upsert.run(code, word, count);
      total += count;
    }
    this.db
      .prepare(
        `INSERT INTO doc_type_document_counts (code, documents, words) VALUES (?, 1, ?)
         ON CONFLICT(code) DO UPDATE SET documents = documents + 1, words = words + excluded.words`,
      )
      .run(code, total);
  }

  /**
   * Each learned type's posterior for the text and its telling words: words of this document
   * that the type's past documents had, and that are likelier under it than under any other
   * type. Empty while the learner knows too little.
   */
  rank(text: string): LearnedRanking[] {
    const classes = this.db.prepare('SELECT code, documents, words FROM doc_type_document_counts').all() as {
      code: string;
      documents: number;
      words: number;
    }[];
    const totalDocuments = classes.reduce((sum, c) => sum + c.documents, 0);
    if (totalDocuments < MIN_DOCUMENTS || classes.length < 2) return [];
    const words = [...new Set(textWords(text))];
    if (words.length === 0) return [];
    const vocabulary = (this.db.prepare('SELECT COUNT(DISTINCT word) AS n FROM doc_type_word_counts').get() as { n: number }).n + 1;

    const countsFor = this.db.prepare(`SELECT word, count FROM doc_type_word_counts WHERE code = ? AND word IN (SELECT value FROM json_each(?))`);
    const perClass = classes.map((c) => {
      const known = new Map((countsFor.all(c.code, JSON.stringify(words)) as { word: string; count: number }[]).map((r) => [r.word, r.count]));
      const wordLog = new Map(words.map((word) => [word, Math.log(((known.get(word) ?? 0) + 1) / (c.words + vocabulary))]));
      let logProbability = Math.log(c.documents / totalDocuments);
      for (const value of wordLog.values()) logProbability += value;
      return { code: c.code, logProbability, wordLog, known };
    });
    const best = Math.max(...perClass.map((c) => c.logProbability));
    const normaliser = perClass.reduce((sum, c) => sum + Math.exp(c.logProbability - best), 0);
    // A word explains a type by how much likelier it is under that type than under any other.
    return perClass
      .map((c) => ({
        code: c.code,
        posterior: Math.exp(c.logProbability - best) / normaliser,
        documentWords: words.length,
        telling: words
          .filter((word) => (c.known.get(word) ?? 0) > 0)
          .map((word) => ({
            word,
            weight: c.wordLog.get(word)! - Math.max(...perClass.filter((o) => o !== c).map((o) => o.wordLog.get(word)!), -Infinity),
          }))
          .filter((p) => p.weight > 0)
          .sort((a, b) => b.weight - a.weight)
          .map((p) => p.word),
      }))
      .sort((a, b) => b.posterior - a.posterior);
  }

  suggest(types: readonly DocumentType[], text: string): DocTypeSuggestion[] {
    const display = new Map(types.map((t) => [t.code, t.display]));
    return this.rank(text)
      .map((r) => ({
        code: r.code,
        display: display.get(r.code) ?? r.code,
        score: LEARNED_WEIGHT * r.posterior,
        source: 'learned' as const,
        evidence: r.telling.slice(0, 6),
        guess: !learnedBacked(r),
      }))
      .filter((s) => s.score >= 0.05);
  }
}
