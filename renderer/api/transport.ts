import type { EngineEvent } from '../../shared/api/events.js';
import type { ApiResult } from '../../shared/api/result.js';
import type { PageImageVariant } from '../../shared/domain/batch.js';

/** 'open': events arrive. 'connecting': first attempt. 'reconnecting': the link dropped and is being retried. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

/** What client.ts needs from a carrier of the API. Two implementations: IPC (desktop) and HTTP (headless station). */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  call(method: string, input: unknown): Promise<ApiResult<unknown>>;
  /**
   * Starts receiving engine events (the first listener opens the stream, the last one closing it
   * closes it). `onConnection` reports the link state; a transition back to 'open' after
   * 'reconnecting' means events may have been missed: refetch.
   */
  listen(onEvent: (event: EngineEvent) => void, onConnection: (state: ConnectionState) => void): () => void;
  pageImageUrl(pageId: string, variant: PageImageVariant): string;
}

export const unavailable = (message = 'ChartDesk cannot reach the station. Check that it is running, then try again.'): ApiResult<never> => ({
  ok: false,
  error: { code: 'unavailable', message },
});
