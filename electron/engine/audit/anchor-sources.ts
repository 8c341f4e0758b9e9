import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type AuditAnchor, anchorsInText } from './audit-anchor.js';

export interface FoundAnchor {
  anchor: AuditAnchor;
  /** Where it was read: a file path, or "the anchor given" for a token on the command line. */
  source: string;
}

export interface AnchorSearch {
  found: FoundAnchor[];
  filesRead: number;
}

/** Index and anchor files are small; a PDF or anything big in an import folder is not read. */
const MAX_FILE_BYTES = 1024 * 1024;
const SKIPPED = /\.(pdf|tmp)$|^\./i;

async function fromFile(path: string): Promise<FoundAnchor[]> {
  const text = await readFile(path, 'utf8');
  return anchorsInText(text).map((anchor) => ({ anchor, source: path }));
}

/**
 * Anchors from what an administrator points at: an anchor file, a folder target's import folder
 * (each index file there carries the head at its delivery; exported anchor files may sit there
 * too), or a token copied from a repository (a DocumentReference's meta.tag).
 */
export async function findAnchors(location: string): Promise<AnchorSearch> {
  const asToken = anchorsInText(location.trim());
  if (asToken.length > 0) return { found: asToken.map((anchor) => ({ anchor, source: 'the anchor given' })), filesRead: 0 };
  const info = await stat(location);
  if (!info.isDirectory()) return { found: await fromFile(location), filesRead: 1 };
  const found: FoundAnchor[] = [];
  let filesRead = 0;
  for (const entry of await readdir(location, { withFileTypes: true })) {
    if (!entry.isFile() || SKIPPED.test(entry.name)) continue;
    const path = join(location, entry.name);
    // A file the import processor takes away between the listing and the read is just gone.
    const size = await stat(path).then(
      (s) => s.size,
      () => null,
    );
    if (size === null || size > MAX_FILE_BYTES) continue;
    const anchors = await fromFile(path).catch(() => null);
    if (!anchors) continue;
    filesRead++;
    found.push(...anchors);
  }
  return { found, filesRead };
}

/** This chain's newest anchor (the highest entry), or null. */
export function newestAnchorOf(chainId: string, found: readonly FoundAnchor[]): FoundAnchor | null {
  let newest: FoundAnchor | null = null;
  for (const f of found) if (f.anchor.chain === chainId && (!newest || f.anchor.seq > newest.anchor.seq)) newest = f;
  return newest;
}
