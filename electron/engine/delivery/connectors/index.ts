import type { Connector } from '../delivery-package.js';
import type { TargetConfig } from '../../../../shared/domain/delivery-targets.js';
import { FhirConnector } from './fhir-connector.js';
import { FolderConnector } from './folder-connector.js';

export { FhirConnector } from './fhir-connector.js';
export { FolderConnector } from './folder-connector.js';

/** The connector for a target from the settings (parse them with `TargetConfig` first). */
export function createConnector(config: TargetConfig): Connector {
  return config.kind === 'folder' ? new FolderConnector(config) : new FhirConnector(config);
}
