import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DailyAnchorWriter } from '../../../electron/engine/audit/anchor-file.js';
import { compareWithAnchor } from '../../../electron/engine/audit/audit-anchor.js';
import { findAnchors, newestAnchorOf } from '../../../electron/engine/audit/anchor-sources.js';
import { AuditLog } from '../../../electron/engine/audit/audit-log.js';
import { SettingsRepository } from '../../../electron/engine/db/repositories/settings.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { memoryDatabase } from '../../support/memory-database.js';

let work: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  work = await makeTempDir('daily-anchor');
});
afterEach(async () => {
  await work.remove();
});

function station() {
  const db = memoryDatabase();
  // Fake time only: the station's clock, on 10 March 2025 in the morning (local time).
  let now = new Date(2025, 2, 10, 8, 0);
  const clock = { set: (d: Date) => (now = d) };
  const audit = new AuditLog(db, Buffer.alloc(32, 5), () => now);
  const writer = new DailyAnchorWriter({ audit, settings: new SettingsRepository(db), stationName: 'HIM-2', now: () => now, log: silentLogger });
  return { audit, writer, clock };
}

describe('the daily anchor file', () => {
  it('is not written until an administrator chooses a folder, which must be a full path', async () => {
    const { writer } = station();
    await writer.writeIfDue();
    expect(writer.status()).toEqual({ folder: null, lastWritten: null, lastError: null });
    expect(writer.setFolder('anchors')).toMatch(/full path/);
    expect(writer.folder()).toBeNull();
  });

  it('is written once a day, named by chain and local day, and verifies the trail later', async () => {
    const { audit, writer, clock } = station();
    const folder = join(work.path, 'anchors');
    await mkdir(folder);
    audit.record({ user: null, action: 'sign-in' });
    expect(writer.setFolder(folder)).toBeNull();
    await writer.writeIfDue();
    const first = `chartdesk-audit-anchor-${audit.chainId}-2025-03-10.json`;
    expect(await readdir(folder)).toEqual([first]);
    expect(JSON.parse(await readFile(join(folder, first), 'utf8'))).toMatchObject({ station: 'HIM-2', chain: audit.chainId, seq: 1, writtenAt: new Date(2025, 2, 10, 8, 0).toISOString() });
    expect(writer.status()).toMatchObject({ folder, lastWritten: { file: join(folder, first), seq: 1 }, lastError: null });

    // Later the same day: the day's anchor is already there.
    audit.record({ user: null, action: 'sign-out' });
    clock.set(new Date(2025, 2, 10, 23, 30));
    await writer.writeIfDue();
    expect(JSON.parse(await readFile(join(folder, first), 'utf8'))).toMatchObject({ seq: 1 });

    clock.set(new Date(2025, 2, 11, 0, 30));
    await writer.writeIfDue();
    expect((await readdir(folder)).sort()).toEqual([first, `chartdesk-audit-anchor-${audit.chainId}-2025-03-11.json`]);

    const newest = newestAnchorOf(audit.chainId, (await findAnchors(folder)).found)!;
    expect(newest.anchor.seq).toBe(2);
    expect(compareWithAnchor(audit, newest.anchor, newest.source).ok).toBe(true);
  });

  it('says so when the folder is not there, and never creates it', async () => {
    const { writer } = station();
    const folder = join(work.path, 'unmounted-share');
    writer.setFolder(folder);
    await writer.writeIfDue();
    expect(writer.status().lastError).toBe(`The anchor could not be written to ${folder} (ENOENT). Check that the folder exists and this station may write to it.`);
    await expect(readdir(folder)).rejects.toThrow(/ENOENT/);
  });
});
