// `npm run bench -- doctypes`: how often the document-type suggestion is right, wrong, or only a
// guess, on generated documents of every catalogue type and on pages that are no clinical
// document. A confident wrong type is the number to keep near zero: a guess costs the clerk one
// choice, a wrong type files the document under the wrong heading.
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../../electron/engine/db/migrate.js';
import { migrations } from '../../electron/engine/db/migrations/index.js';
import { DocumentTypeCatalogue } from '../../electron/engine/indexing/document-types/document-type-catalogue.js';
import { suggestDocumentType } from '../../electron/engine/indexing/document-types/suggest-document-type.js';
import { DocumentTypeLearner } from '../../electron/engine/indexing/document-types/type-learner.js';
import { documentText, documentTextTypes, nonClinicalKinds, nonClinicalText } from '../samples/document-texts.js';

interface Tally {
  right: number;
  wrong: number;
  guess: number;
  none: number;
  /** Had guesses been taken too (as before guesses were marked): how many would be wrong. */
  wrongIfTaken: number;
}

const SEEDS_PER_TYPE = 20;
const SEEDS_PER_NON_CLINICAL_KIND = 10;
/** Documents a clerk confirmed of each learned type before the measured ones arrive. */
const CONFIRMED_PER_TYPE = 3;
/** Which types the station has learned, by position in the generated catalogue: the rest it never saw. */
const LEARNED_SPLITS = [
  [0, 1, 2],
  [3, 4, 5],
  [6, 7, 8],
  [9, 10, 11],
  [0, 4, 8, 11],
];

const tally = (): Tally => ({ right: 0, wrong: 0, guess: 0, none: 0, wrongIfTaken: 0 });

function station() {
  const db = new BetterSqlite3(':memory:');
  migrate(db, migrations);
  return { db, types: new DocumentTypeCatalogue(db, () => new Date(0)).list(), learner: new DocumentTypeLearner(db) };
}

/** The suggestion a clerk's A key (or a batch run) would take: the first, unless it is a guess. */
function judge(counts: Tally, top: { code: string; guess: boolean } | undefined, truth: string | null): void {
  if (top && top.code !== truth) counts.wrongIfTaken++;
  if (!top) counts.none++;
  else if (top.guess) counts.guess++;
  else if (top.code === truth) counts.right++;
  else counts.wrong++;
}

const line = (label: string, t: Tally) => {
  const n = t.right + t.wrong + t.guess + t.none;
  const pct = (k: number) => `${((100 * k) / n).toFixed(1)}%`;
  return `${label.padEnd(44)} n=${String(n).padStart(4)}  right ${pct(t.right).padStart(6)}  wrong ${pct(t.wrong).padStart(6)}  guess ${pct(t.guess).padStart(6)}  none ${pct(t.none).padStart(6)}  (wrong had guesses been taken ${pct(t.wrongIfTaken)})`;
};

export async function documentTypeBench(): Promise<void> {
  process.stdout.write('\n## Document-type suggestions on generated documents\n');
  process.stdout.write('right/wrong: the first suggestion has evidence and is the right/another type; guess: it is marked a guess (A does not take it).\n');

  // A fresh station: the keyword rules alone.
  {
    const { types, learner } = station();
    const clinical = tally();
    const other = tally();
    for (const code of documentTextTypes) {
      for (let seed = 1; seed <= SEEDS_PER_TYPE; seed++) judge(clinical, suggestDocumentType(types, documentText(code, 9000 + seed * 37), learner, null)[0], code);
    }
    for (let kind = 0; kind < nonClinicalKinds; kind++) {
      for (let seed = 1; seed <= SEEDS_PER_NON_CLINICAL_KIND; seed++) judge(other, suggestDocumentType(types, nonClinicalText(kind, seed * 13), learner, null)[0], null);
    }
    process.stdout.write(`${line('rules only: clinical documents, 12 types', clinical)}\n${line('rules only: pages that are no clinical document', other)}\n`);
  }

  // A station that learned some types from its clerks; measured on the types it never saw.
  const seen = tally();
  const unseen = tally();
  const other = tally();
  for (const split of LEARNED_SPLITS) {
    const { db, types, learner } = station();
    const learned = split.map((i) => documentTextTypes[i]!);
    for (const code of learned) {
      for (let n = 1; n <= CONFIRMED_PER_TYPE; n++) {
        const text = documentText(code, 5000 + n * 11);
        learner.learn(code, `${text.heading}\n${text.body}`);
      }
    }
    for (const code of documentTextTypes) {
      for (let seed = 1; seed <= SEEDS_PER_TYPE; seed++) {
        judge(learned.includes(code) ? seen : unseen, suggestDocumentType(types, documentText(code, 9000 + seed * 37), learner, null)[0], code);
      }
    }
    for (let kind = 0; kind < nonClinicalKinds; kind++) {
      for (let seed = 1; seed <= SEEDS_PER_NON_CLINICAL_KIND; seed++) judge(other, suggestDocumentType(types, nonClinicalText(kind, seed * 13), learner, null)[0], null);
    }
    db.close();
  }
  process.stdout.write(
    [
      line(`learned (${CONFIRMED_PER_TYPE} confirmed each): types it learned`, seen),
      line('learned: types the learner never saw', unseen),
      line('learned: pages that are no clinical document', other),
      '',
    ].join('\n'),
  );
}
