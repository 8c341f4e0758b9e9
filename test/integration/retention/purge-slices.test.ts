import { access, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/engine/audit/audit-log.js';
import { stationPaths } from '../../../electron/engine/config/station-paths.js';
import { StationKey } from '../../../electron/engine/crypto/station-key.js';
import { type Database, openDatabase } from '../../../electron/engine/db/connection.js';
import { SettingsRepository } from '../../../electron/engine/db/repositories/settings.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { type PurgeReport, purgeExpired } from '../../../electron/engine/retention/purge.js';
import { saveRetentionSettings } from '../../../electron/engine/retention/retention-settings.js';
import { ContentStore } from '../../../electron/engine/storage/content-store.js';
import { seedYear } from '../../../scripts/bench/year-seed.js';
import { makeTempDir } from '../../support/temp-dir.js';

const NOW = new Date('2026-06-30T12:00:00Z');
const now = () => NOW;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0)) await clean();
});

const firstPageOf = (db: Database, documentId: string) =>
  db
    .prepare('SELECT p.id, p.master_sha256 AS master, p.view_sha256 AS view FROM document_pages dp JOIN pages p ON p.id = dp.page_id WHERE dp.document_id = ? ORDER BY dp.position LIMIT 1')
    .get(documentId) as {
    id: string;
    master: string;
    view: string;
  };

/**
 * A year of a small station (600 documents), with an image shared by two due documents that a
 * purge in slices reaches in different slices, and one shared with a document not due yet.
 */
async function seededStation() {
  const dir = await makeTempDir('purge-slices');
  cleanups.push(dir.remove);
  const key = StationKey.generate();
  const db = openDatabase(join(dir.path, 'one.sqlite'), { key: key.databaseKey() });
  seedYear(db, key.auditChainKey(), { documents: 600, auditPerDocument: 0, now: NOW, seed: 5 });
  const early = firstPageOf(db, 'doc-1-1');
  const later = firstPageOf(db, 'doc-9-1');
  const notDue = firstPageOf(db, 'doc-30-1');
  const alsoEarly = firstPageOf(db, 'doc-2-1');
  db.prepare('UPDATE pages SET master_sha256 = ? WHERE id = ?').run(early.master, later.id);
  db.prepare('UPDATE pages SET view_sha256 = ? WHERE id = ?').run(alsoEarly.view, notDue.id);
  // Delivered more than 200 days ago: about 45% of the year.
  saveRetentionSettings(new SettingsRepository(db), { deliveredDays: 200, quarantineDays: 30 });
  db.close();
  await copyFile(join(dir.path, 'one.sqlite'), join(dir.path, 'two.sqlite'));
  return { dir: dir.path, key, sharedByDue: early.master, sharedWithNotDue: alsoEarly.view };
}

async function purge(dir: string, file: string, key: StationKey, documentsPerTransaction: number, afterSlice: () => void = () => undefined) {
  const db = openDatabase(join(dir, file), { key: key.databaseKey() });
  try {
    const paths = stationPaths(dir);
    const report = await purgeExpired(
      {
        db,
        store: new ContentStore(paths.store, key.fileKey()),
        paths,
        settings: new SettingsRepository(db),
        audit: new AuditLog(db, key.auditChainKey(), now),
        now,
        log: silentLogger,
        crashPoint: afterSlice,
        documentsPerTransaction,
      },
      { via: 'test' },
    );
    const entries = db.prepare(`SELECT details FROM audit_log WHERE action = 'purge' ORDER BY seq`).all() as { details: string }[];
    const verified = new AuditLog(db, key.auditChainKey(), now).verify();
    return { report, entries: entries.map((e) => JSON.parse(e.details) as { documents: string[] }), verified };
  } finally {
    db.close();
  }
}

const sorted = (report: PurgeReport) => ({
  documentIds: [...report.documentIds].sort(),
  pages: report.pages,
  images: report.images,
  pdfs: report.pdfs,
  originals: report.originals,
});

describe('retention purges in short slices', () => {
  it('marks the same documents, pages and files in slices as in one transaction, and lets other writers in between slices', async () => {
    const station = await seededStation();
    const whole = await purge(station.dir, 'one.sqlite', station.key, 1_000_000);
    // The two shared images as files in the store (the seeded rows name images no file backs).
    const store = new ContentStore(stationPaths(station.dir).store, station.key.fileKey());
    for (const sha of [station.sharedByDue, station.sharedWithNotDue]) {
      await mkdir(dirname(store.pathOf(sha)), { recursive: true });
      await writeFile(store.pathOf(sha), 'image');
    }
    const exists = (sha: string) =>
      access(store.pathOf(sha)).then(
        () => true,
        () => false,
      );

    // Between slices another connection (the station's intake, a clerk's confirmation) must get
    // the write lock at once: no busy wait allowed.
    const other = openDatabase(join(station.dir, 'two.sqlite'), { key: station.key.databaseKey() });
    other.pragma('busy_timeout = 0');
    let slices = 0;
    const sliced = await purge(station.dir, 'two.sqlite', station.key, 40, () => {
      slices++;
      other.transaction(() => other.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(`probe.${slices}`, '1')).immediate();
    });
    other.close();

    expect(whole.report.documentIds.length).toBeGreaterThan(150);
    expect(sorted(sliced.report)).toEqual(sorted(whole.report));
    expect(slices).toBeGreaterThan(10);
    // The image two due documents in different slices share goes (with the later of them); the
    // one a page not due shows stays.
    expect(await exists(station.sharedByDue)).toBe(false);
    expect(await exists(station.sharedWithNotDue)).toBe(true);

    // One audit entry per slice that removed something, naming its documents; the chain holds.
    expect(whole.entries).toHaveLength(1);
    expect(sliced.entries.length).toBeGreaterThan(5);
    expect(sliced.entries.flatMap((e) => e.documents).sort()).toEqual(sorted(whole.report).documentIds);
    expect(sliced.verified.ok).toBe(true);

    // Nothing more is due: a second run marks nothing and records nothing.
    const again = await purge(station.dir, 'two.sqlite', station.key, 40);
    expect(again.report.documentIds).toEqual([]);
    expect(again.entries).toHaveLength(sliced.entries.length);
  }, 120_000);
});
