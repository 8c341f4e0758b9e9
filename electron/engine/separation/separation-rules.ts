/**
 * The rules live in shared/domain/separation-rules.ts (one schema for the config file, Settings
 * and the engine). This name stays for the station's wiring (station.ts), which imports it from here.
 */
export { type SeparationRules, defaultSeparationRules } from '../../../shared/domain/separation-rules.js';
