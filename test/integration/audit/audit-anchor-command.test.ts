import { mkdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditAnchor, anchorOf } from '../../../electron/engine/audit/audit-anchor.js';
import { GENESIS_HASH, entryHash } from '../../../electron/engine/audit/audit-chain.js';
import { AuditLog } from '../../../electron/engine/audit/audit-log.js';
import { stationPaths } from '../../../electron/engine/config/station-paths.js';
import { StationKey } from '../../../electron/engine/crypto/station-key.js';
import { type Database, openDatabase } from '../../../electron/engine/db/connection.js';
import { FolderConnector } from '../../../electron/engine/delivery/connectors/folder-connector.js';
import { FolderTargetConfig } from '../../../shared/domain/delivery-targets.js';
import { runCli } from '../../support/cli.js';
import { stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { writePackage } from '../../unit/delivery/delivery-fixture.js';

/** Each test starts `chartdesk` a few times; on a busy machine one start takes seconds. */
const CLI_RUNS_TIMEOUT = 240_000;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir('audit-anchor');
});
afterAll(async () => {
  await tmp?.remove();
});

/** The station's database, opened as the station opens it, with its audit trail. */
async function withAudit<T>(dataDir: string, work: (audit: AuditLog, db: Database) => T | Promise<T>): Promise<T> {
  mkdirSync(dataDir, { recursive: true });
  const key = await stationKeyFor(dataDir);
  const db = openDatabase(stationPaths(dataDir).database, { key: key.databaseKey() });
  try {
    return await work(new AuditLog(db, key.auditChainKey()), db);
  } finally {
    db.close();
  }
}

const signIns = (audit: AuditLog, count: number) => {
  for (let i = 0; i < count; i++) audit.record({ user: { id: 'u-1', name: 'clerk1' }, action: 'sign-in' });
};

describe('chartdesk audit anchor and verify --anchor', () => {
  it(
    'catches the newest entries deleted with the triggers dropped, which verify alone cannot see',
    async () => {
      const dataDir = join(tmp.path, 'deleted');
      await withAudit(dataDir, (audit) => signIns(audit, 5));
      const anchorFile = join(tmp.path, 'anchors', 'deleted.json');
      const written = await runCli(['--data-dir', dataDir, 'audit', 'anchor', '--out', anchorFile]);
      expect(written.code).toBe(0);
      const anchor = JSON.parse(await readFile(anchorFile, 'utf8')) as AuditAnchor & { writtenAt: string };
      expect(anchor).toMatchObject({ format: 'chartdesk-audit-anchor/1', seq: 5, keyedFrom: 1 });
      expect(anchor.chain).toMatch(/^[0-9a-f]{16}$/);

      // The trail grows after the anchor: it still agrees.
      await withAudit(dataDir, (audit) => signIns(audit, 2));
      const grown = await runCli(['--data-dir', dataDir, 'audit', 'verify', '--anchor', anchorFile]);
      expect(grown.stdout).toBe(`Audit trail intact: 7 entries, keyed with this station's key\nThe trail matches the anchor in ${anchorFile} (entry 5, ${anchor.at}).\n`);
      expect(grown.code).toBe(0);

      await withAudit(dataDir, (_audit, db) => db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > 3'));
      const alone = await runCli(['--data-dir', dataDir, 'audit', 'verify']);
      expect(alone.stdout).toBe("Audit trail intact: 3 entries, keyed with this station's key\n");
      expect(alone.code).toBe(0);
      const anchored = await runCli(['--data-dir', dataDir, 'audit', 'verify', '--anchor', anchorFile]);
      expect(anchored.code).toBe(1);
      expect(anchored.stdout).toContain(`The audit trail ends at entry 3, but the anchor in ${anchorFile} (entry 5, ${anchor.at}) shows it reached entry 5: entries 4 to 5 were removed.`);
    },
    CLI_RUNS_TIMEOUT,
  );

  it(
    'uses the newest of this station’s anchors among a folder target’s index files, JSON and delimited',
    async () => {
      const dataDir = join(tmp.path, 'folder');
      const share = join(tmp.path, 'import-share');
      await mkdir(share);
      const json = new FolderConnector(FolderTargetConfig.parse({ kind: 'folder', id: 'json', path: share }));
      const delimited = new FolderConnector(
        FolderTargetConfig.parse({ kind: 'folder', id: 'csv', path: share, index: { format: 'delimited', extension: 'idx', delimiter: '|', columns: ['documentId', 'mrn', 'auditAnchor'] } }),
      );
      const deliver = async (connector: FolderConnector, documentId: string, auditAnchor: AuditAnchor) => {
        const pkg = { ...(await writePackage(tmp.path, documentId)), auditAnchor };
        expect(await connector.deliver(pkg, new AbortController().signal)).toMatchObject({ kind: 'delivered' });
      };
      let newest: AuditAnchor | undefined;
      await withAudit(dataDir, async (audit) => {
        signIns(audit, 3);
        await deliver(json, 'doc-a', anchorOf(audit, 'HIM-2'));
        signIns(audit, 3);
        newest = anchorOf(audit, 'HIM-2');
        await deliver(delimited, 'doc-b', newest);
        signIns(audit, 1);
      });
      // Another station delivering to the same share, further along its own chain: not ours to compare.
      const other = join(tmp.path, 'other-station');
      await withAudit(other, () => undefined);
      const foreignDb = openDatabase(join(other, 'foreign.sqlite'), { key: StationKey.generate().databaseKey() });
      const foreign = new AuditLog(foreignDb, StationKey.generate().auditChainKey());
      signIns(foreign, 40);
      await deliver(json, 'doc-other', anchorOf(foreign, 'HIM-9'));
      foreignDb.close();
      expect(await readFile(join(share, 'doc-b.idx'), 'utf8')).toBe(`documentId|mrn|auditAnchor\r\ndoc-b|00123456|cda1-${newest!.chain}-1-6-${newest!.mac}\r\n`);

      const agrees = await runCli(['--data-dir', dataDir, 'audit', 'verify', '--anchor', share]);
      expect(agrees.stdout).toBe(`Audit trail intact: 7 entries, keyed with this station's key\nThe trail matches the anchor in ${join(share, 'doc-b.idx')} (entry 6).\n`);
      expect(agrees.code).toBe(0);

      // Someone without the key rewrites entries 5 to 7 and recomputes their hashes.
      await withAudit(dataDir, (_audit, db) => {
        db.exec('DROP TRIGGER audit_log_no_delete');
        const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= 5 ORDER BY seq').all() as Parameters<typeof entryHash>[0][];
        let prev = (db.prepare('SELECT hash FROM audit_log WHERE seq = 4').get() as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
        db.exec('DELETE FROM audit_log WHERE seq >= 5');
        const insert = db.prepare(
          'INSERT INTO audit_log (seq, at, user_id, user_name, action, subject_type, subject_id, details, prev_hash, hash) VALUES (@seq, @at, @user_id, @user_name, @action, @subject_type, @subject_id, @details, @prev_hash, @hash)',
        );
        for (const row of rows) {
          const content = { ...row, user_name: 'someone-else', prev_hash: prev };
          prev = entryHash(content);
          insert.run({ ...content, hash: prev });
        }
      });
      const rewritten = await runCli(['--data-dir', dataDir, 'audit', 'verify', '--anchor', share]);
      expect(rewritten.code).toBe(1);
      expect(rewritten.stdout).toBe(
        "Audit entry 5 was rewritten without this station's key (its hash is recomputed, its MAC is missing)\n" +
          `Audit entry 6 differs from the anchor in ${join(share, 'doc-b.idx')} (entry 6): the trail was rewritten at or before that entry.\n`,
      );
    },
    CLI_RUNS_TIMEOUT,
  );

  it(
    'takes a token copied from a repository, and names an anchor it cannot use',
    async () => {
      const dataDir = join(tmp.path, 'token');
      const token = await withAudit(dataDir, (audit) => {
        signIns(audit, 2);
        const a = anchorOf(audit, null);
        return `cda1-${a.chain}-${a.keyedFrom}-${a.seq}-${a.mac}`;
      });
      const ok = await runCli(['--data-dir', dataDir, 'audit', 'verify', '--anchor', token]);
      expect(ok.stdout).toBe("Audit trail intact: 2 entries, keyed with this station's key\nThe trail matches the anchor in the anchor given (entry 2).\n");
      expect(ok.code).toBe(0);

      const empty = join(tmp.path, 'empty-share');
      await mkdir(empty);
      await writeFile(join(empty, 'notes.txt'), 'nothing here');
      const none = await runCli(['--data-dir', dataDir, 'audit', 'verify', '--anchor', empty]);
      expect(none.code).toBe(1);
      expect(none.stdout).toContain(`No audit anchor was found in ${empty} (1 file read).`);

      const missing = await runCli(['--data-dir', dataDir, 'audit', 'verify', '--anchor', join(tmp.path, 'nowhere.json')]);
      expect(missing.code).toBe(1);
      expect(missing.stdout).toContain(`The anchor ${join(tmp.path, 'nowhere.json')} cannot be read (ENOENT).`);
    },
    CLI_RUNS_TIMEOUT,
  );
});
