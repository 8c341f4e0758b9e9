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

  suggest(types: readonly DocumentType[], text: string): DocTypeSuggestion[] {
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
    // A word explains a type by how much likelier it is under that type than under any other.
    const scored = perClass.map((c) => ({
      code: c.code,
      logProbability: c.logProbability,
      pulls: words
        .filter((word) => (c.known.get(word) ?? 0) > 0)
        .map((word) => ({
          word,
          weight: c.wordLog.get(word)! - Math.max(...perClass.filter((o) => o !== c).map((o) => o.wordLog.get(word)!), -Infinity),
        }))
        .filter((p) => p.weight > 0),
    }));
    const best = Math.max(...scored.map((s) => s.logProbability));
    const normaliser = scored.reduce((sum, s) => sum + Math.exp(s.logProbability - best), 0);
    const display = new Map(types.map((t) => [t.code, t.display]));
    return scored
      .map((s) => ({
        code: s.code,
        display: display.get(s.code) ?? s.code,
        score: (LEARNED_WEIGHT * Math.exp(s.logProbability - best)) / normaliser,
        source: 'learned' as const,
        evidence: s.pulls
          .sort((a, b) => b.weight - a.weight)
          .slice(0, 6)
          .map((p) => p.word),
      }))
      .filter((s) => s.score >= 0.05)
      .sort((a, b) => b.score - a.score);
  }
}
