/** Parsing of chartdesk-file:// page-image URLs. Pure, so malformed URLs are tested. */
import { PageImageVariant } from '../../shared/domain/batch.js';

export interface PageImageRequest {
  pageId: string;
  variant: PageImageVariant;
}

/**
 * Page ids are opaque engine ids (uuid/ulid-like). The engine looks them up rather than using
 * them as paths, but a narrow shape keeps junk (and dot-segments) from ever reaching it.
 */
const pageIdPattern = /^[A-Za-z0-9_:-][A-Za-z0-9._:-]{0,127}$/;

/**
 * `chartdesk-file://pages/<pageId>/<thumb|view>` -> request, or null for anything else (which the
 * handler answers with 404 without waking the engine).
 */
export const parsePageImageUrl = (url: string, scheme: string): PageImageRequest | null => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // The only query allowed is the image revision (?r=...), which exists to defeat caching.
  const revisionOnly = parsed.search === '' || /^\?r=[A-Za-z0-9_-]{1,64}$/.test(parsed.search);
  if (parsed.protocol !== `${scheme}:` || parsed.host !== 'pages' || !revisionOnly || parsed.username !== '') return null;
  const segments = parsed.pathname.split('/').slice(1);
  if (segments.length !== 2) return null;
  const [rawId, rawVariant] = segments as [string, string];
  let pageId: string;
  try {
    pageId = decodeURIComponent(rawId);
  } catch {
    return null;
  }
  const variant = PageImageVariant.safeParse(rawVariant);
  if (!pageIdPattern.test(pageId) || !variant.success) return null;
  return { pageId, variant: variant.data };
};
