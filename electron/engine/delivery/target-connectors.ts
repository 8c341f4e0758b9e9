import type { OutboxItem, OutboxRepository } from '../db/repositories/outbox.js';
import { createConnector } from './connectors/index.js';
import { type Connector } from './delivery-package.js';
import { TargetConfig } from '../../../shared/domain/delivery-targets.js';

/** Where a target delivers: the same place even if its credentials or layout changed since. */
const destinationOf = (config: TargetConfig) => (config.kind === 'folder' ? `folder:${config.path}` : `fhir:${config.baseUrl}`);

/**
 * The connector for each outbox row. Normally the target's current settings; a correction row
 * carries the settings its original was delivered with, and when the target of that id now
 * points somewhere else (an admin moved it, or a later `process --deliver` reused the name),
 * the correction still goes where the original went.
 */
export class TargetConnectors {
  private readonly live = new Map<string, Connector>();
  private readonly recorded = new Map<string, Connector>();

  constructor(private readonly outbox: OutboxRepository) {}

  /** After a target's settings change: the next delivery builds its connector afresh. */
  forget(targetId: string): void {
    this.live.delete(targetId);
  }

  forItem(item: OutboxItem): Connector | null {
    const live = this.liveConfig(item.targetId);
    const recorded = item.targetConfig ? parseConfig(item.targetConfig) : null;
    if (!recorded || (live && destinationOf(live) === destinationOf(recorded))) return live ? this.liveConnector(live) : null;
    const key = item.targetConfig!;
    let connector = this.recorded.get(key);
    if (!connector) {
      connector = createConnector(recorded);
      this.recorded.set(key, connector);
    }
    return connector;
  }

  private liveConfig(targetId: string): TargetConfig | null {
    const target = this.outbox.targets().find((t) => t.id === targetId);
    const parsed = target ? TargetConfig.safeParse(target.config) : null;
    return parsed?.success ? parsed.data : null;
  }

  private liveConnector(config: TargetConfig): Connector {
    let connector = this.live.get(config.id);
    if (!connector) {
      connector = createConnector(config);
      this.live.set(config.id, connector);
    }
    return connector;
  }
}

function parseConfig(json: string): TargetConfig | null {
  try {
    const parsed = TargetConfig.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
