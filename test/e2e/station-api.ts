import type { Page } from '@playwright/test';

/**
 * A call through the station's HTTP API as the signed-in user, as the page itself makes it (its
 * session cookie and CSRF header). Throws with the station's message when the call is refused.
 */
export async function api<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([m, body]) => {
      const response = await fetch(`/api/${m}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-chartdesk-csrf': '1' }, body: JSON.stringify(body) });
      return (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    },
    [method, input] as const,
  );
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value as T;
}
