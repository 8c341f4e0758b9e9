import { resolve } from 'node:path';
import { defaultDataDir } from '../engine/config/station-paths.js';
import { defaultKeyFilePath } from '../engine/crypto/key-file.js';

export interface GlobalOptions {
  dataDir: string;
  /** The station key file: env CHARTDESK_KEY_FILE, else a file in the user's config folder. */
  keyFile: string;
  verbose: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Splits `chartdesk [--data-dir DIR] [--verbose] <command> [args...]`: global options come
 * before the command so each command parses only its own.
 */
export function splitGlobalOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): { global: GlobalOptions; command: string | undefined; rest: string[] } {
  let dataDir = env.CHARTDESK_DATA_DIR ? resolve(env.CHARTDESK_DATA_DIR) : defaultDataDir(env);
  let verbose = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data-dir') {
      const value = argv[++i];
      if (!value) throw new UsageError('--data-dir needs a folder');
      dataDir = resolve(value);
    } else if (arg.startsWith('--data-dir=')) {
      dataDir = resolve(arg.slice('--data-dir='.length));
    } else if (arg === '--verbose' || arg === '-v') {
      verbose = true;
    } else if (arg.startsWith('-') && arg !== '-h' && arg !== '--help' && arg !== '--version') {
      throw new UsageError(`unknown option ${arg} (global options go before the command)`);
    } else break;
  }
  const keyFile = env.CHARTDESK_KEY_FILE?.trim() ? resolve(env.CHARTDESK_KEY_FILE) : defaultKeyFilePath(env);
  return { global: { dataDir, keyFile, verbose }, command: argv[i], rest: argv.slice(i + 1) };
}
