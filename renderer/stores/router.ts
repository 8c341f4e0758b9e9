import { create } from 'zustand';

/** The places of the app. Kept in the URL hash so that a reload keeps the place. */
export type Route =
  | { name: 'batches' }
  | { name: 'batch'; batchId: string; page: number }
  /** The indexing screen of a batch; documentId null: the first open document. */
  | { name: 'index'; batchId: string; documentId: string | null }
  | { name: 'intake' }
  | { name: 'quarantine'; entryId: string | null }
  | { name: 'delivery' }
  /** QC review: the queue, or one batch's documents (documentId null: the first awaiting). */
  | { name: 'review' }
  | { name: 'review-batch'; batchId: string; documentId: string | null }
  | { name: 'reports' }
  | { name: 'settings' }
  /** Corrections of delivered documents: the finder, or one correction. */
  | { name: 'corrections' }
  | { name: 'correction'; correctionId: string };

export type Section = 'batches' | 'intake' | 'quarantine' | 'delivery' | 'review' | 'reports' | 'settings' | 'corrections';

export const sectionOf = (route: Route): Section =>
  route.name === 'batch' || route.name === 'index' ? 'batches' : route.name === 'review-batch' ? 'review' : route.name === 'correction' ? 'corrections' : route.name;

const decode = (part: string | undefined) => {
  if (!part) return null;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
};

export const parseHash = (hash: string): Route => {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [head, id, extra] = parts;
  switch (head) {
    case 'batches': {
      const batchId = decode(id);
      if (!batchId) return { name: 'batches' };
      const page = Number.parseInt(extra ?? '1', 10);
      return { name: 'batch', batchId, page: Number.isFinite(page) && page > 0 ? page : 1 };
    }
    case 'index': {
      const batchId = decode(id);
      if (!batchId) return { name: 'batches' };
      return { name: 'index', batchId, documentId: decode(extra) };
    }
    case 'intake':
      return { name: 'intake' };
    case 'quarantine':
      return { name: 'quarantine', entryId: decode(id) };
    case 'delivery':
      return { name: 'delivery' };
    case 'review': {
      const batchId = decode(id);
      return batchId ? { name: 'review-batch', batchId, documentId: decode(extra) } : { name: 'review' };
    }
    case 'reports':
      return { name: 'reports' };
    case 'settings':
      return { name: 'settings' };
    case 'corrections': {
      const correctionId = decode(id);
      return correctionId ? { name: 'correction', correctionId } : { name: 'corrections' };
    }
    default:
      return { name: 'batches' };
  }
};

export const hrefOf = (route: Route): string => {
  switch (route.name) {
    case 'batches':
      return '#/batches';
    case 'batch':
      return `#/batches/${encodeURIComponent(route.batchId)}${route.page > 1 ? `/${route.page}` : ''}`;
    case 'index':
      return `#/index/${encodeURIComponent(route.batchId)}${route.documentId ? `/${encodeURIComponent(route.documentId)}` : ''}`;
    case 'intake':
      return '#/intake';
    case 'quarantine':
      return route.entryId ? `#/quarantine/${encodeURIComponent(route.entryId)}` : '#/quarantine';
    case 'delivery':
      return '#/delivery';
    case 'review':
      return '#/review';
    case 'review-batch':
      return `#/review/${encodeURIComponent(route.batchId)}${route.documentId ? `/${encodeURIComponent(route.documentId)}` : ''}`;
    case 'reports':
      return '#/reports';
    case 'settings':
      return '#/settings';
    case 'corrections':
      return '#/corrections';
    case 'correction':
      return `#/corrections/${encodeURIComponent(route.correctionId)}`;
  }
};

export const batchHref = (batchId: string) => hrefOf({ name: 'batch', batchId, page: 1 });
export const indexHref = (batchId: string, documentId: string | null = null) => hrefOf({ name: 'index', batchId, documentId });

interface RouterState {
  route: Route;
  /** Pushes a history entry (a new place) or replaces it (same place, e.g. another page of a batch). */
  navigate(route: Route, options?: { replace?: boolean }): void;
}

export const useRouter = create<RouterState>((set) => ({
  route: parseHash(location.hash),
  navigate(route, options) {
    const href = hrefOf(route);
    if (options?.replace) history.replaceState(history.state, '', href);
    else if (location.hash !== href) history.pushState(history.state, '', href);
    set({ route });
  },
}));

window.addEventListener('hashchange', () => useRouter.setState({ route: parseHash(location.hash) }));
window.addEventListener('popstate', () => useRouter.setState({ route: parseHash(location.hash) }));

export const navigate = (route: Route, options?: { replace?: boolean }) => useRouter.getState().navigate(route, options);

export const sectionRoute = (section: Section): Route => {
  switch (section) {
    case 'batches':
      return { name: 'batches' };
    case 'intake':
      return { name: 'intake' };
    case 'quarantine':
      return { name: 'quarantine', entryId: null };
    case 'delivery':
      return { name: 'delivery' };
    case 'review':
      return { name: 'review' };
    case 'reports':
      return { name: 'reports' };
    case 'settings':
      return { name: 'settings' };
    case 'corrections':
      return { name: 'corrections' };
  }
};
