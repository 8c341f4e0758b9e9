import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding ChartDesk's package.json, found by walking up from this file: the same
 * code runs from electron/engine (sources), dist/electron/engine (built) and inside an asar.
 */
export function appRoot(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'chartdesk') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('ChartDesk package.json not found above the engine');
    dir = parent;
  }
}

let cachedVersion: string | undefined;
export function appVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cachedVersion;
}
