/** Serves the built renderer on app://chartdesk with the CSP on every response. */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentTypeFor, isClientRoute, resolveAppAssetPath } from './app-assets.js';
import { logShell } from './log.js';
import { appHost, appResponseHeaders, appScheme } from './security-policy.js';

const respond = (status: number, body: string | Uint8Array<ArrayBuffer>, contentType = 'text/plain; charset=utf-8'): Response =>
  new Response(body, { status, headers: { ...appResponseHeaders, 'Content-Type': contentType } });

const readAsset = async (filePath: string): Promise<Uint8Array<ArrayBuffer> | null> => {
  try {
    // fs is asar-aware in Electron's main process, so this reads from app.asar when packaged.
    // Copied into a plain ArrayBuffer-backed array: that is what Response accepts as a body.
    return new Uint8Array(await readFile(filePath));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
    throw error;
  }
};

export const registerAppProtocol = (rendererRoot: string): void => {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost) return respond(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed');
    const filePath = resolveAppAssetPath(rendererRoot, url.pathname);
    if (!filePath) return respond(403, 'Forbidden');
    try {
      const bytes = await readAsset(filePath);
      if (bytes) return respond(200, bytes, contentTypeFor(filePath));
      if (isClientRoute(url.pathname)) {
        const index = await readAsset(resolveAppAssetPath(rendererRoot, '/index.html') as string);
        if (index) return respond(200, index, contentTypeFor('index.html'));
      }
      return respond(404, 'Not found');
    } catch (error) {
      logShell('error', 'could not read a renderer asset', error);
      return respond(500, 'Internal error');
    }
  });
};
