import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A batch's split into documents has one writer, electron/engine/db/repositories/document-layout.ts:
 * recognition's split and the clerk's page operations both go through it, so the two can never
 * write the tables two ways. This reads every source file and fails on SQL that writes the
 * `documents` or `document_pages` tables anywhere else.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const writer = 'electron/engine/db/repositories/document-layout.ts';
// Migrations made the tables; they are history, never edited, and run before any repository.
const migrations = 'electron/engine/db/migrations/';
// The year-of-work bench seeds half a million documents straight into a scratch database, as a
// fixture would; nothing the station runs goes through it.
const benchSeed = 'scripts/bench/year-seed.ts';

const writesDocumentTables = /\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+["`[]?(?:main\.)?(documents|document_pages)\b/gi;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

function writesIn(path: string): string[] {
  const text = readFileSync(join(root, path), 'utf8');
  return [...text.matchAll(writesDocumentTables)].map((m) => `${relative(root, join(root, path))}:${text.slice(0, m.index).split('\n').length}: ${m[0].replace(/\s+/g, ' ')}`);
}

describe('the documents and document_pages tables', () => {
  it(`are written by ${writer} alone`, () => {
    const files = ['electron', 'scripts'].flatMap(sourceFiles).filter((path) => path !== writer && path !== benchSeed && !path.startsWith(migrations));
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap(writesIn)).toEqual([]);
  });

  it('are written by that module: the check sees its inserts and deletes, in either case and across lines', () => {
    expect(writesIn(writer).map((w) => w.replace(/^[^ ]+ /, ''))).toEqual(['DELETE FROM document_pages', 'DELETE FROM documents', 'INSERT INTO documents', 'INSERT INTO document_pages']);
    const sample = 'db.prepare(`update\n  documents SET complete = 1`); db.prepare(\'INSERT OR REPLACE INTO "document_pages" VALUES (?)\');';
    expect([...sample.matchAll(writesDocumentTables)].map((m) => m[1])).toEqual(['documents', 'document_pages']);
    expect([
      ...'SELECT id FROM documents; INSERT INTO doc_type_document_counts (code, documents) VALUES (?, 1) ON CONFLICT(code) DO UPDATE SET documents = documents + 1'.matchAll(writesDocumentTables),
    ]).toEqual([]);
  });
});
