import { chmod, mkdir, stat } from 'node:fs/promises';
import type { Logger } from '../log/logger.js';

/** Something about the station an administrator should know now (shown in the station's status). */
export interface StationNotice {
  code: string;
  message: string;
}

/**
 * The data folder is the station's alone: made 0700, and narrowed to 0700 if it is found
 * looser (a folder made by hand, or copied from a backup). Its files are encrypted, but their
 * names and sizes still tell an onlooker how much was scanned and when. Windows has no mode
 * bits: there the user profile's ACL protects the OS data folder.
 */
export async function keepDataFolderPrivate(dataDir: string, log: Logger, platform: NodeJS.Platform = process.platform): Promise<StationNotice | null> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (platform === 'win32') return null;
  const mode = (await stat(dataDir)).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  try {
    await chmod(dataDir, 0o700);
    log.warn('station.data-folder-narrowed', { from: mode.toString(8), to: '700' });
    return null;
  } catch (error) {
    log.error('station.data-folder-open', { mode: mode.toString(8), code: (error as NodeJS.ErrnoException).code ?? 'chmod' });
    return {
      code: 'data-folder-open',
      message: `Other users of this computer can open the data folder ${dataDir} (mode ${mode.toString(8)}), and the station could not change that. Restrict it with: chmod 700 '${dataDir}'`,
    };
  }
}
