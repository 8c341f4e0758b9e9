/**
 * Answers ShellToEngine messages against a Station. Separate from the entry file so it can be
 * tested with a fake station and a fake port, without Electron.
 */
import type { EngineToShell, ShellToEngine } from '../../../shared/api/host-protocol.js';
import type { Station } from '../station-types.js';

export interface HostDispatcher {
  handle(message: unknown): Promise<void>;
  /** Stops forwarding events (used on shutdown). */
  dispose(): void;
}

const isShellMessage = (value: unknown): value is ShellToEngine => typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';

/** Errors are reported by class only: their messages may quote PHI and they cross into the shell's log. */
const internalError = (error: unknown) => ({
  ok: false as const,
  error: { code: 'internal' as const, message: `The engine failed (${error instanceof Error ? error.name : 'error'}).` },
});

export const createHostDispatcher = (station: Station, post: (message: EngineToShell) => void, onShutdown: () => Promise<void>): HostDispatcher => {
  const stopEvents = station.onEvent((event) => post({ kind: 'event', event }));

  return {
    dispose: stopEvents,
    async handle(message) {
      if (!isShellMessage(message)) return;
      switch (message.kind) {
        case 'call': {
          try {
            const outcome = await station.call(message.method, message.input, message.sessionToken);
            post(outcome.session ? { kind: 'reply', id: message.id, result: outcome.result, session: outcome.session } : { kind: 'reply', id: message.id, result: outcome.result });
          } catch (error) {
            post({ kind: 'reply', id: message.id, result: internalError(error) });
          }
          return;
        }
        case 'page-image': {
          try {
            const image = await station.readPageImage(message.pageId, message.variant, message.sessionToken);
            // A copy, because a pooled Buffer would structured-clone its whole backing store.
            const reply = !image ? null : 'purged' in image ? image : { contentType: image.contentType, bytes: new Uint8Array(image.bytes) };
            post({ kind: 'page-image-reply', id: message.id, image: reply });
          } catch {
            post({ kind: 'page-image-reply', id: message.id, image: null });
          }
          return;
        }
        case 'shutdown':
          stopEvents();
          await onShutdown();
          return;
      }
    },
  };
};
