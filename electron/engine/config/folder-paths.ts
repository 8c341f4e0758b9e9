import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** Whether `candidate` is `folder` or inside it (letter case ignored where the file system does). */
export function isWithin(folder: string, candidate: string, platform: NodeJS.Platform = process.platform): boolean {
  const fold = (p: string) => (platform === 'win32' || platform === 'darwin' ? p.toLowerCase() : p);
  const rel = relative(fold(folder), fold(candidate));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The real path of the deepest part of `path` that exists, so a symlink cannot hide where a path lands. */
export async function realpathOfExistingPart(path: string): Promise<string> {
  let tail = '';
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), tail);
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      tail = join(current.slice(parent.length + 1), tail);
      current = parent;
    }
  }
}

/** Whether `candidate` lies in `folder`, as written or once symlinks are followed. */
export async function liesWithin(folder: string, candidate: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (isWithin(resolve(folder), resolve(candidate), platform)) return true;
  const [realFolder, realCandidate] = await Promise.all([realpathOfExistingPart(resolve(folder)), realpathOfExistingPart(resolve(candidate))]);
  return isWithin(realFolder, realCandidate, platform);
}
