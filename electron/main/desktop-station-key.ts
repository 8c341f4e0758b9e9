/**
 * The desktop app's station key: 256 random bits generated on first run and kept wrapped by the
 * OS keychain (Electron safeStorage) in a file next to the app's config. Electron is passed in
 * (the slice of safeStorage used here), so this runs and is tested without an Electron runtime.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { type KeyProtection, decideKeyProtection } from './key-protection.js';

export interface SafeStorageSlice {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export type DesktopStationKey = { ok: true; key: Buffer; created: boolean; protection: Exclude<KeyProtection, { kind: 'refused' }> } | { ok: false; reason: string };

const HEX_KEY = /^[0-9a-f]{64}$/;

// Synchronous on purpose: a few bytes read once at start-up, before any window exists, and the
// window and engine must not start until the key decision is made.
function writeNew(file: string, bytes: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    const folder = openSync(path.dirname(file), constants.O_RDONLY);
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  } catch {
    // Windows cannot fsync a folder; NTFS journals the create.
  }
}

const readIfPresent = (file: string): Buffer | null => {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
};

export function loadDesktopStationKey(deps: { safeStorage: SafeStorageSlice; platform: NodeJS.Platform; allowPlaintextBackend: boolean; wrappedKeyFile: string }): DesktopStationKey {
  const protection = decideKeyProtection({
    platform: deps.platform,
    encryptionAvailable: deps.safeStorage.isEncryptionAvailable(),
    linuxBackend: deps.platform === 'linux' ? deps.safeStorage.getSelectedStorageBackend() : null,
    allowPlaintextBackend: deps.allowPlaintextBackend,
  });
  if (protection.kind === 'refused') return { ok: false, reason: protection.reason };

  const wrapped = readIfPresent(deps.wrappedKeyFile);
  if (wrapped) {
    let hex: string;
    try {
      hex = deps.safeStorage.decryptString(wrapped);
    } catch {
      return {
        ok: false,
        reason: "The station key could not be unwrapped by this user's keychain (another user, another computer, or a reset keychain). Restore the keychain or the key from backup.",
      };
    }
    if (!HEX_KEY.test(hex)) return { ok: false, reason: 'The wrapped station key file is damaged. Restore it from backup.' };
    return { ok: true, key: Buffer.from(hex, 'hex'), created: false, protection };
  }

  const key = randomBytes(32);
  writeNew(deps.wrappedKeyFile, deps.safeStorage.encryptString(key.toString('hex')));
  return { ok: true, key, created: true, protection };
}
