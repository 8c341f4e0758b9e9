/**
 * Session tokens held by the main process, one per renderer (webContents id). The renderer
 * never sees a token, so script injected into the page cannot steal a clerk's session.
 */
import type { SessionChange } from '../../shared/api/host-protocol.js';

interface Held {
  token: string;
  expiresAt: number;
}

export class SessionTokens {
  private readonly byOwner = new Map<number, Held>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The token for this renderer, or null once expired (the engine would refuse it anyway). */
  get(ownerId: number): string | null {
    const held = this.byOwner.get(ownerId);
    if (!held) return null;
    if (Number.isFinite(held.expiresAt) && held.expiresAt <= this.now()) {
      this.byOwner.delete(ownerId);
      return null;
    }
    return held.token;
  }

  apply(ownerId: number, change: SessionChange | undefined): void {
    if (!change) return;
    if (change.kind === 'signed-out') {
      this.byOwner.delete(ownerId);
      return;
    }
    const expiresAt = Date.parse(change.expiresAt);
    // An unparseable expiry is kept without a local deadline: the engine still enforces it.
    this.byOwner.set(ownerId, { token: change.token, expiresAt: Number.isNaN(expiresAt) ? Infinity : expiresAt });
  }

  /** The window went away: its session must not outlive it. */
  forget(ownerId: number): void {
    this.byOwner.delete(ownerId);
  }
}
