import type { ReactNode } from 'react';
import type { IconName } from '../components/Icon.js';
import { LoadState } from '../components/LoadState.js';

/** What a screen says in place of a list that holds nothing. */
export interface EmptyList {
  icon: IconName;
  title: string;
  text: ReactNode;
}

/**
 * A list a screen reads from the station, in the states LoadState shows: the error with Try
 * again (which reads the list again), `loading` until it has been read, `empty` when it holds
 * nothing, else `children`. Every list screen reads its store's list the same way, so the rule
 * of which state shows when is written here once.
 */
export function ListLoadState({
  list,
  reload,
  loading,
  empty,
  children,
}: {
  list: { items: readonly unknown[]; loaded: boolean; error: string | null };
  reload(): Promise<unknown>;
  /** The spinner's words while the list is read. */
  loading: string;
  empty: EmptyList;
  children(): ReactNode;
}) {
  return (
    <LoadState error={list.error} onRetry={() => void reload()} loading={!list.loaded && loading} empty={list.items.length === 0 && empty}>
      {children}
    </LoadState>
  );
}
