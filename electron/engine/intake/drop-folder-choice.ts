import { mkdir, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { liesWithin } from '../config/folder-paths.js';
import { TargetConfig } from '../../../shared/domain/delivery-targets.js';

/**
 * Why a folder cannot be the drop folder, or null. Never the data folder or anything in it (the
 * station would read its own encrypted store as scans, and the scanner would write among it),
 * and never an import folder of a target or anything in it (the station would take in what it
 * just delivered, and remove it from under the import program).
 */
export async function dropFolderRefusal(path: string, where: { dataDir: string; targets: readonly { config: unknown }[] }): Promise<string | null> {
  if (await liesWithin(where.dataDir, path)) return 'That folder is the station’s data folder or inside it. Choose a folder of its own for the scanner.';
  for (const target of where.targets) {
    const parsed = TargetConfig.safeParse(target.config);
    if (parsed.success && parsed.data.kind === 'folder' && (await liesWithin(parsed.data.path, path))) {
      return 'That folder is an import folder the station delivers to, or inside one. Choose a folder of its own for the scanner.';
    }
  }
  return null;
}

/** Checks a folder chosen as the drop folder and makes it if needed (never inside the data folder: refused before anything is made). */
export async function prepareDropFolder(path: string, where: { dataDir: string; targets: readonly { config: unknown }[] }): Promise<{ ok: true; path: string } | { ok: false; message: string }> {
  if (!isAbsolute(path)) return { ok: false, message: 'Give the full path of the folder, e.g. /srv/scans or D:\\Scans.' };
  const refused = await dropFolderRefusal(path, where);
  if (refused) return { ok: false, message: refused };
  try {
    await mkdir(path, { recursive: true });
    if (!(await stat(path)).isDirectory()) return { ok: false, message: 'That path is a file, not a folder.' };
  } catch {
    return { ok: false, message: 'That folder cannot be created or read by this station.' };
  }
  return { ok: true, path: resolve(path) };
}
