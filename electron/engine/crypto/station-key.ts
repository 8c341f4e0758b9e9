import { hkdfSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

export const STATION_KEY_BYTES = 32;

/**
 * The station's one secret: 256 random bits from which the database key, the file key and the
 * audit-chain key are derived (HKDF-SHA256, one label each), so they never share key material
 * and a leak of one derived key does not give another. Never serialised, never printed.
 */
export class StationKey {
  readonly #secret: Buffer;

  private constructor(secret: Buffer) {
    this.#secret = secret;
  }

  static generate(): StationKey {
    return new StationKey(randomBytes(STATION_KEY_BYTES));
  }

  static fromBytes(bytes: Uint8Array): StationKey {
    if (bytes.length !== STATION_KEY_BYTES) throw new Error(`a station key is ${STATION_KEY_BYTES} bytes`);
    return new StationKey(Buffer.from(bytes));
  }

  /** The raw secret, for writing the key file or wrapping it with the OS keychain only. */
  exportBytes(): Buffer {
    return Buffer.from(this.#secret);
  }

  /** Key of the SQLite database (SQLCipher scheme, raw key: no passphrase stretching needed). */
  databaseKey(): Buffer {
    return this.derive('chartdesk/v1/database');
  }

  /** Key of the files the station keeps (AES-256-GCM). */
  fileKey(): Buffer {
    return this.derive('chartdesk/v1/files');
  }

  /**
   * Key of the audit trail's HMAC chain (electron/engine/audit/audit-chain.ts). Its own label: the
   * database key opens the database, and someone given only that key (a support copy, a SQLCipher
   * tool) can write rows but still cannot forge the chain.
   */
  auditChainKey(): Buffer {
    return this.derive('chartdesk/v1/audit-chain');
  }

  private derive(label: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#secret, Buffer.alloc(0), label, 32));
  }

  toJSON(): string {
    return '[station key]';
  }

  toString(): string {
    return '[station key]';
  }

  [inspect.custom](): string {
    return '[station key]';
  }
}
