import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Resolves a URL path inside the built renderer, or null if it would step outside it. */
export function resolveAsset(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = normalize(join(root, relative));
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null;
}

export async function serveAsset(root: string, urlPath: string, response: ServerResponse, access: { sourceMaps: boolean } = { sourceMaps: false }): Promise<void> {
  const file = resolveAsset(root, urlPath);
  // Unknown paths get the app (hash routes live in the client); traversal gets nothing; a source
  // map (the code as written, comments and all) only to whom the caller allows it.
  if (!file || (extname(file) === '.map' && !access.sourceMaps)) {
    response.writeHead(404).end();
    return;
  }
  let body: Buffer;
  let path = file;
  try {
    body = await readFile(path);
  } catch {
    path = join(root, 'index.html');
    try {
      body = await readFile(path);
    } catch {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('The ChartDesk user interface is not built. Run `npm run build` (or `npm run setup`).');
      return;
    }
  }
  const isIndex = path.endsWith('index.html');
  response.writeHead(200, {
    'content-type': types[extname(path)] ?? 'application/octet-stream',
    // Vite fingerprints asset names, so they can be cached; index.html must always be fresh.
    'cache-control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  response.end(body);
}
