import { describe, expect, it } from 'vitest';
import { IntakeLogRepository } from '../../../electron/engine/db/repositories/intake-log.js';
import { DecodeGate } from '../../../electron/engine/intake/decode-gate.js';
import { memoryDatabase } from '../../support/memory-database.js';

/** The poison-file guard counts station deaths while reading a file, not copies read side by side. */
function intakeLog() {
  const db = memoryDatabase();
  return new IntakeLogRepository(db);
}

const at = '2026-11-29T10:00:00.000Z';
const begin = (log: IntakeLogRepository, id: string, stationLife: string, sha256 = 'f') => log.beginDecode({ id, sha256, stationLife, startedAt: at });

describe('decode attempts', () => {
  it('counts each earlier life that started reading the file and never finished', () => {
    const log = intakeLog();
    expect(log.interruptedDecodes('f', 'life-1')).toBe(0);
    begin(log, 'a1', 'life-1');
    // life-1 died; life-2 reads the file again and dies too.
    expect(log.interruptedDecodes('f', 'life-2')).toBe(1);
    begin(log, 'a2', 'life-2');
    expect(log.interruptedDecodes('f', 'life-3')).toBe(2);
    // Its own attempt in progress is not a death; another file is not affected.
    begin(log, 'a3', 'life-3');
    expect(log.interruptedDecodes('f', 'life-3')).toBe(2);
    expect(log.interruptedDecodes('g', 'life-3')).toBe(0);
  });

  it('counts copies of one file decoded together in one life as one death', () => {
    const log = intakeLog();
    for (const id of ['c1', 'c2', 'c3']) begin(log, id, 'life-1');
    expect(log.interruptedDecodes('f', 'life-2')).toBe(1);
  });

  it('forgets a decode that came back, and all of a file once it has an outcome', () => {
    const log = intakeLog();
    begin(log, 'a1', 'life-1');
    log.endDecode('a1');
    expect(log.interruptedDecodes('f', 'life-2')).toBe(0);
    begin(log, 'a2', 'life-2');
    log.forgetDecodes('f');
    expect(log.interruptedDecodes('f', 'life-3')).toBe(0);
  });
});

describe('the decode gate', () => {
  const flush = () => new Promise((r) => setImmediate(r));

  it('lets ordinary files decode side by side, and a suspect only alone, in arrival order', async () => {
    const gate = new DecodeGate();
    const order: string[] = [];
    const take = (name: string, alone: boolean) => gate.acquire(alone).then((release) => (order.push(name), release));

    const a = take('a', false);
    const b = take('b', false);
    const suspect = take('suspect', true);
    const c = take('c', false);
    await flush();
    // a and b together; the suspect waits for both; c, behind the suspect, waits too.
    expect(order).toEqual(['a', 'b']);
    (await a)();
    await flush();
    expect(order).toEqual(['a', 'b']);
    (await b)();
    await flush();
    expect(order).toEqual(['a', 'b', 'suspect']);
    (await suspect)();
    await flush();
    expect(order).toEqual(['a', 'b', 'suspect', 'c']);
    const release = await c;
    release();
    release(); // giving the turn back twice is harmless
    const d = await take('d', true);
    expect(order.at(-1)).toBe('d');
    d();
  });
});
