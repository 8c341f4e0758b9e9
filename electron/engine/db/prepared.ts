import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

const byDatabase = new WeakMap<Database, Map<string, Statement>>();

/**
 * The statement for `sql`, prepared once per database. Preparing costs more than running a short
 * query, and the batch list runs the same few queries for every open document of up to a hundred
 * batches (QC of each). Only for statements run with get/all/run: a shared statement must not
 * be iterated twice at once, nor switched to pluck or raw mode by one caller.
 */
export function prepared(db: Database, sql: string): Statement {
  let statements = byDatabase.get(db);
  if (!statements) {
    statements = new Map();
    byDatabase.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
