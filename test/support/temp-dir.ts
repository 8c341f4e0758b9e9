import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder per test, removed afterwards (kept when CHARTDESK_KEEP_TEST_DIRS is set). */
export async function makeTempDir(label: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `chartdesk-${label}-`));
  return {
    path,
    remove: async () => {
      if (!process.env.CHARTDESK_KEEP_TEST_DIRS) await rm(path, { recursive: true, force: true });
    },
  };
}
