import { readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Whether some process holds the file open for writing, from Linux's /proc: each process's
 * fd/ links name the files it has open and fdinfo/ gives the mode. Readers (an indexer, a
 * virus scanner) do not count; a scanner driver that still has the file open for writing does.
 *
 * 'unknown' when the answer cannot be had: not Linux, no /proc, or the file belongs to another
 * account whose processes this one may not look into (then the still-time rule decides).
 *
 * Cost: a link read per open file in the system (a few thousand), about 20-40 ms on a desktop
 * and a few hundred on a loaded one. Synchronous calls, which are several times faster here
 * than libuv's queued ones, a few processes at a time with the event loop free in between.
 * Called once a file's structure says it is finished, not on every poll.
 */
export async function openForWriting(path: string): Promise<boolean | 'unknown'> {
  if (process.platform !== 'linux') return 'unknown';
  const target = resolve(path);
  let owner: number;
  let pids: string[];
  try {
    owner = statSync(target).uid;
    pids = readdirSync('/proc').filter((name) => /^\d+$/u.test(name));
  } catch {
    return 'unknown';
  }
  const self = process.getuid?.() ?? -1;
  let blind = false;
  for (let i = 0; i < pids.length; i++) {
    if (i > 0 && i % PROCESSES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const answer = processWrites(pids[i]!, target, owner, self);
    if (answer === true) return true;
    blind ||= answer === 'unknown';
  }
  return blind ? 'unknown' : false;
}

const PROCESSES_PER_TURN = 16;

function processWrites(pid: string, target: string, owner: number, self: number): boolean | 'unknown' {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch (error) {
    // A process of the file's owner we may not look into could be its writer; others cannot write it unless root.
    return (error as NodeJS.ErrnoException).code === 'EACCES' && self !== 0 && ownedBy(pid, owner) ? 'unknown' : false;
  }
  for (const fd of fds) {
    let link: string;
    try {
      link = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // Closed meanwhile.
    }
    if ((link === target || link === `${target} (deleted)`) && writable(pid, fd)) return true;
  }
  return false;
}

function ownedBy(pid: string, uid: number): boolean {
  try {
    return statSync(`/proc/${pid}`).uid === uid;
  } catch {
    return false;
  }
}

/** The open mode from fdinfo's octal flags: O_WRONLY (1) or O_RDWR (2). Unreadable: assume writing. */
function writable(pid: string, fd: string): boolean {
  try {
    const flags = /^flags:\s*([0-7]+)/mu.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'latin1'));
    return flags ? (parseInt(flags[1]!, 8) & 3) !== 0 : true;
  } catch {
    return true;
  }
}
