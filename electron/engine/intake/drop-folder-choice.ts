import { liesWithin } from '../config/folder-paths.js';
import { TargetConfig } from '../delivery/delivery-package.js';

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
