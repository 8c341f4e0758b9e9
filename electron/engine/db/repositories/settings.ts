import type { Database } from 'better-sqlite3-multiple-ciphers';
import { prepared } from '../prepared.js';

/** Station settings as JSON values under stable keys. */
export class SettingsRepository {
  constructor(private readonly db: Database) {}

  get<T>(key: string): T | undefined {
    const row = prepared(this.db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }

  set(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }
}

export const settingKeys = {
  dropDir: 'intake.dropDir',
  operator: 'station.operator',
  separation: 'separation.rules',
  currentBox: 'intake.currentBox',
  idleLock: 'session.idleLockSeconds',
} as const;
