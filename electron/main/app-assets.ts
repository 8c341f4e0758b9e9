/**
 * Maps app:// request paths to files of the built renderer. Pure (node:path only) so the
 * traversal rules are unit-tested.
 */
import path from 'node:path';

/**
 * Resolves a URL path inside `root`, or null when it would leave it. The path is
 * percent-decoded first because Chromium hands us `%2e%2e%2f` and `..%5c` undecoded inside a
 * single segment, and the check is done on the resolved path, so every spelling of `..`
 * (and absolute or drive-letter paths) is caught by one rule.
 */
export const resolveAppAssetPath = (root: string, urlPath: string): string | null => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  // Backslashes are never in our asset names; on Windows they would be separators.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = path.resolve(root);
  const relativeRequest = decoded.replace(/^[/\\]+/, '');
  if (path.isAbsolute(relativeRequest) || /^[a-zA-Z]:/.test(relativeRequest)) return null;
  const target = path.resolve(base, relativeRequest);
  const rel = path.relative(base, target);
  // The root itself ("/", "/.") means the entry page.
  if (rel === '') return path.join(base, 'index.html');
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return target;
};

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Explicit types, because nosniff makes a wrong or missing type fatal for scripts. */
export const contentTypeFor = (filePath: string): string => contentTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';

/**
 * Client-side routes (no file extension) fall back to index.html so a reload on a deep route
 * still opens the app; a missing asset with an extension stays a 404.
 */
export const isClientRoute = (urlPath: string): boolean => path.posix.extname(urlPath) === '';
