import { useState } from 'react';

/** What a store's action answers a button with: done, or the station's sentence why not. */
export type Outcome = { ok: true } | { ok: false; message: string };

/**
 * A button's action: `busy` while it runs; `error` holds the refusal to say under the button
 * until the next try.
 */
export function useButtonAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<Outcome>) => {
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (!result.ok) setError(result.message);
  };
  return { busy, error, run };
}
