import type { PageImageVariant } from '../domain/batch.js';

/** Names shared by the two transports, so neither side spells them twice. */
export const ipcChannels = {
  call: 'chartdesk:call',
  event: 'chartdesk:event',
} as const;

export const httpPaths = {
  api: '/api/',
  events: '/api/events',
  pageImage: (pageId: string, variant: PageImageVariant) => `/files/pages/${encodeURIComponent(pageId)}/${variant}`,
} as const;

/** The desktop shell serves page images through this scheme (see electron/main). */
export const desktopFileScheme = 'chartdesk-file';
export const desktopPageImageUrl = (pageId: string, variant: PageImageVariant) => `${desktopFileScheme}://pages/${encodeURIComponent(pageId)}/${variant}`;

/** Header the headless station requires on every state-changing request (CSRF defence). */
export const csrfHeader = 'x-chartdesk-csrf';
