import type { EngineEvent } from '../../shared/api/events.js';

/** Fan-out of engine events to the transports; a failing listener never stops the others. */
export class EngineEvents {
  private readonly listeners = new Set<(event: EngineEvent) => void>();

  on(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A transport's problem (a closed socket) must not break intake.
      }
    }
  }
}
