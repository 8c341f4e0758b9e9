import type { StoreApi, UseBoundStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';

/**
 * Several fields of one store, read together in one line: the component renders again only
 * when one of them changes (each compared on its own), as with one selector per field.
 */
export function useStoreFields<S extends object, K extends keyof S>(store: UseBoundStore<StoreApi<S>>, ...keys: readonly K[]): Pick<S, K> {
  return store(
    useShallow((state: S) => {
      const fields = {} as Pick<S, K>;
      for (const key of keys) fields[key] = state[key];
      return fields;
    }),
  );
}
