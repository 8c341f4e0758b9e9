import type { EngineEvent } from '../../shared/api/events.js';
import type { PurgedPageImage, SessionChange } from '../../shared/api/host-protocol.js';
import type { ApiResult } from '../../shared/api/result.js';
import type { PageImageVariant } from '../../shared/domain/batch.js';
import type { SessionUser } from '../../shared/domain/user.js';

/** What a transport (HTTP server, Electron utility host, CLI) sees of a running station. */
export interface Station {
  readonly dataDir: string;
  /** Validates the input against the contract, checks the session and role, runs the handler. */
  call(method: string, input: unknown, sessionToken: string | null): Promise<CallOutcome>;
  /** Null for no session or no such page; `purged` once retention removed the page's images. */
  readPageImage(pageId: string, variant: PageImageVariant, sessionToken: string | null): Promise<PageImage | PurgedPageImage | null>;
  /** The user behind a session token, or null (expired, signed out, unknown). */
  authenticate(sessionToken: string | null): SessionUser | null;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  close(): Promise<void>;
}

export interface CallOutcome {
  result: ApiResult<unknown>;
  /** Set when the call signed a user in or out: the transport stores or clears the token. */
  session?: SessionChange;
}

export interface PageImage {
  contentType: string;
  bytes: Buffer;
}
