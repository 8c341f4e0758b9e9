import type { PageImageVariant } from '../domain/batch.js';
import type { EngineEvent } from './events.js';
import type { ApiResult } from './result.js';

/**
 * Messages between the desktop shell's main process and the engine running in an Electron
 * utilityProcess. Session tokens stay in the main process; the renderer never sees one.
 */
/** A page whose images retention removed after delivery: shown as a placeholder, not an error. */
export interface PurgedPageImage {
  purged: true;
  retentionDays: number;
}

export type SessionChange = { kind: 'signed-in'; token: string; expiresAt: string } | { kind: 'signed-out' };

export type ShellToEngine =
  /** First message after the fork: the station key, unwrapped by main from the OS keychain. Never argv or env. */
  | { kind: 'station-key'; key: Uint8Array }
  | { kind: 'call'; id: number; method: string; input: unknown; sessionToken: string | null }
  | { kind: 'page-image'; id: number; pageId: string; variant: PageImageVariant; sessionToken: string | null }
  | { kind: 'shutdown' };

export type EngineToShell =
  | { kind: 'ready' }
  | { kind: 'fatal'; message: string }
  | { kind: 'reply'; id: number; result: ApiResult<unknown>; session?: SessionChange }
  | { kind: 'page-image-reply'; id: number; image: { contentType: string; bytes: Uint8Array } | PurgedPageImage | null }
  | { kind: 'event'; event: EngineEvent };
