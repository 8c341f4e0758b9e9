import { describe, expect, it } from 'vitest';
import { SharedExclusiveLock } from '../../../electron/engine/storage/shared-exclusive-lock.js';

/** A piece of work the test finishes when it chooses; `log` shows who ran when. */
function heldWork(log: string[], name: string) {
  let finish!: (failure?: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = (failure) => (failure ? reject(failure) : resolve());
  });
  return {
    finish,
    run: async () => {
      log.push(`${name} start`);
      try {
        await done;
      } finally {
        log.push(`${name} end`);
      }
      return name;
    },
  };
}

/** Every callback and promise queued so far has run: a lock that meant to let work in has let it in. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the intake/purge lock', () => {
  it.each([
    { story: 'a purge waiting while an intake', holder: 'intake', side: 'shared', waiter: 'purge' },
    { story: 'an intake waiting while a purge', holder: 'purge', side: 'exclusive', waiter: 'intake' },
  ] as const)('keeps $story is in progress', async ({ holder, side, waiter }) => {
    const lock = new SharedExclusiveLock();
    const log: string[] = [];
    const held = heldWork(log, holder);
    const holding = lock[side](held.run);
    const waiting = lock[side === 'shared' ? 'exclusive' : 'shared'](async () => {
      log.push(waiter);
    });
    await settle();
    expect(log).toEqual([`${holder} start`]);
    held.finish();
    await Promise.all([holding, waiting]);
    expect(log).toEqual([`${holder} start`, `${holder} end`, waiter]);
  });

  it('lets intakes run side by side, and one purge at a time', async () => {
    const lock = new SharedExclusiveLock();
    const log: string[] = [];
    const [a, b] = [heldWork(log, 'intake a'), heldWork(log, 'intake b')];
    const ingests = [lock.shared(a.run), lock.shared(b.run)];
    await settle();
    expect(log).toEqual(['intake a start', 'intake b start']);
    expect(lock.sharedCount).toBe(2);
    b.finish();
    a.finish();
    await Promise.all(ingests);

    const [p, q] = [heldWork(log, 'purge p'), heldWork(log, 'purge q')];
    const purges = [lock.exclusive(p.run), lock.exclusive(q.run)];
    await settle();
    expect(log.slice(4)).toEqual(['purge p start']);
    p.finish();
    await settle();
    q.finish();
    await Promise.all(purges);
    expect(log.slice(4)).toEqual(['purge p start', 'purge p end', 'purge q start', 'purge q end']);
  });

  it('serves waiters in the order they asked: an intake asked after a waiting purge waits behind it', async () => {
    const lock = new SharedExclusiveLock();
    const log: string[] = [];
    const first = heldWork(log, 'intake 1');
    const purge = heldWork(log, 'purge 1');
    const later = heldWork(log, 'intake 2');
    const secondPurge = heldWork(log, 'purge 2');
    const last = heldWork(log, 'intake 3');
    const all = [lock.shared(first.run), lock.exclusive(purge.run), lock.shared(later.run), lock.exclusive(secondPurge.run), lock.shared(last.run)];
    await settle();
    // Intake 2 could share with intake 1, but a purge asked before it.
    expect(log).toEqual(['intake 1 start']);
    first.finish();
    await settle();
    expect(log.at(-1)).toBe('purge 1 start');
    purge.finish();
    await settle();
    expect(log.at(-1)).toBe('intake 2 start');
    later.finish();
    await settle();
    expect(log.at(-1)).toBe('purge 2 start');
    secondPurge.finish();
    await settle();
    last.finish();
    expect(await Promise.all(all)).toEqual(['intake 1', 'purge 1', 'intake 2', 'purge 2', 'intake 3']);
    expect(log).toEqual(['intake 1 start', 'intake 1 end', 'purge 1 start', 'purge 1 end', 'intake 2 start', 'intake 2 end', 'purge 2 start', 'purge 2 end', 'intake 3 start', 'intake 3 end']);
  });

  it('releases the lock when the work throws, and hands the error to its caller', async () => {
    const lock = new SharedExclusiveLock();
    const log: string[] = [];
    const purge = heldWork(log, 'purge');
    const purging = lock.exclusive(purge.run);
    const ingesting = lock.shared(async () => {
      log.push('intake');
      throw new Error('unreadable scan');
    });
    const nextPurge = lock.exclusive(async () => {
      log.push('next purge');
    });
    purge.finish(new Error('disk full'));
    await expect(purging).rejects.toThrow('disk full');
    await expect(ingesting).rejects.toThrow('unreadable scan');
    await nextPurge;
    expect(log).toEqual(['purge start', 'purge end', 'intake', 'next purge']);
    await lock.whenFree();
    expect(lock.sharedCount).toBe(0);
  });

  it('says when nobody holds or waits for it', async () => {
    const lock = new SharedExclusiveLock();
    await lock.whenFree();
    const log: string[] = [];
    const intake = heldWork(log, 'intake');
    const ingesting = lock.shared(intake.run);
    const purging = lock.exclusive(async () => {
      log.push('purge');
    });
    const free = lock.whenFree().then(() => log.push('free'));
    await settle();
    expect(log).toEqual(['intake start']);
    intake.finish();
    await Promise.all([ingesting, purging, free]);
    expect(log).toEqual(['intake start', 'intake end', 'purge', 'free']);
  });
});
