/** chartdesk-file://pages/<pageId>/<variant>: page images streamed from the engine. */
import { protocol } from 'electron';
import { desktopFileScheme } from '../../shared/api/transport.js';
import { EngineUnavailableError, type EngineClient } from './engine-client.js';
import { logShell } from './log.js';
import { parsePageImageUrl } from './page-request.js';

export interface PageProtocolDeps {
  engine: Pick<EngineClient, 'pageImage'>;
  /**
   * The session token of the window asking. protocol.handle does not say which webContents made
   * the request; ChartDesk has exactly one window, so that window's token is the one to use.
   */
  sessionToken: () => string | null;
}

const headers = (contentType: string): Record<string, string> => ({
  'Content-Type': contentType,
  // Page images are PHI: never into Chromium's disk cache.
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
});

/** The same answer the headless station gives (electron/server/http-server.ts). */
const purgedBody = (retentionDays: number) => JSON.stringify({ purged: true, retentionDays });

export const registerPageProtocol = (deps: PageProtocolDeps): void => {
  protocol.handle(desktopFileScheme, async (request) => {
    const page = request.method === 'GET' ? parsePageImageUrl(request.url, desktopFileScheme) : null;
    if (!page) return new Response('Not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
    try {
      const image = await deps.engine.pageImage(page.pageId, page.variant, deps.sessionToken());
      if (!image) return new Response('Not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
      // 410 Gone: the page exists, its image was removed by retention after delivery (not a fault).
      if ('purged' in image) return new Response(purgedBody(image.retentionDays), { status: 410, headers: headers('application/json') });
      // Structured clone from the engine may hand us a view on a shared buffer type; Response wants its own.
      return new Response(new Uint8Array(image.bytes), { status: 200, headers: headers(image.contentType) });
    } catch (error) {
      if (!(error instanceof EngineUnavailableError)) logShell('error', 'page image request failed', error);
      return new Response('Unavailable', { status: 503, headers: headers('text/plain; charset=utf-8') });
    }
  });
};
