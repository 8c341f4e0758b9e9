import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SafeStorageSlice, loadDesktopStationKey } from '../../../electron/main/desktop-station-key.js';
import { decideKeyProtection } from '../../../electron/main/key-protection.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('PHI mode and the OS keychain', () => {
  const linux = (linuxBackend: string, allowPlaintextBackend = false) => decideKeyProtection({ platform: 'linux', encryptionAvailable: true, linuxBackend, allowPlaintextBackend });

  it('uses a real keyring on Linux, DPAPI on Windows, the Keychain on macOS', () => {
    expect(linux('gnome_libsecret')).toEqual({ kind: 'keychain', backend: 'gnome_libsecret' });
    expect(linux('kwallet6')).toEqual({ kind: 'keychain', backend: 'kwallet6' });
    expect(decideKeyProtection({ platform: 'win32', encryptionAvailable: true, linuxBackend: null, allowPlaintextBackend: false }).kind).toBe('keychain');
    expect(decideKeyProtection({ platform: 'darwin', encryptionAvailable: true, linuxBackend: null, allowPlaintextBackend: false }).kind).toBe('keychain');
  });

  it("refuses safeStorage's plain-text backend unless an administrator allowed it", () => {
    expect(linux('basic_text')).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/No keyring/) });
    expect(linux('basic_text', true)).toEqual({ kind: 'plaintext-allowed-by-admin', backend: 'basic_text' });
  });

  it('refuses when no encryption is available or the backend cannot be told', () => {
    expect(decideKeyProtection({ platform: 'win32', encryptionAvailable: false, linuxBackend: null, allowPlaintextBackend: true }).kind).toBe('refused');
    expect(linux('unknown', true).kind).toBe('refused');
  });
});

describe('the desktop station key, wrapped by safeStorage', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let file: string;
  beforeEach(async () => {
    tmp = await makeTempDir('desktop-key');
    file = path.join(tmp.path, 'userData', 'station-key.wrapped');
  });
  afterEach(async () => tmp.remove());

  /** A stand-in keychain: XOR with a per-"user" byte, so another user's keychain cannot unwrap. */
  const keychain = (userByte: number, backend = 'gnome_libsecret'): SafeStorageSlice => ({
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => Buffer.concat([Buffer.from('v11'), Buffer.from(text, 'utf8').map((b) => b ^ userByte)]),
    decryptString: (wrapped) => {
      if (!wrapped.subarray(0, 3).equals(Buffer.from('v11'))) throw new Error('not ours');
      const text = Buffer.from(wrapped.subarray(3).map((b) => b ^ userByte)).toString('utf8');
      if (!/^[0-9a-f]*$/.test(text)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return text;
    },
  });

  it('generates a key on first run, stores it only wrapped, and unwraps the same key later', () => {
    const first = loadDesktopStationKey({ safeStorage: keychain(0x5a), platform: 'linux', allowPlaintextBackend: false, wrappedKeyFile: file });
    expect(first).toMatchObject({ ok: true, created: true });
    if (!first.ok) return;
    const stored = readFileSync(file);
    expect(stored.includes(Buffer.from(first.key.toString('hex')))).toBe(false);
    const again = loadDesktopStationKey({ safeStorage: keychain(0x5a), platform: 'linux', allowPlaintextBackend: false, wrappedKeyFile: file });
    expect(again).toMatchObject({ ok: true, created: false });
    expect(again.ok && again.key.equals(first.key)).toBe(true);
  });

  it('refuses PHI mode on the basic_text backend without writing any key', () => {
    const refused = loadDesktopStationKey({ safeStorage: keychain(0x5a, 'basic_text'), platform: 'linux', allowPlaintextBackend: false, wrappedKeyFile: file });
    expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/keyring/) });
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });

  it("says so when another user's keychain cannot unwrap the key, or the file is damaged", () => {
    loadDesktopStationKey({ safeStorage: keychain(0x5a), platform: 'linux', allowPlaintextBackend: false, wrappedKeyFile: file });
    expect(loadDesktopStationKey({ safeStorage: keychain(0x33), platform: 'linux', allowPlaintextBackend: false, wrappedKeyFile: file })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/could not be unwrapped/),
    });
    writeFileSync(file, Buffer.concat([Buffer.from('v11'), Buffer.from('abc').map((b) => b ^ 0x5a)]));
    expect(loadDesktopStationKey({ safeStorage: keychain(0x5a), platform: 'linux', allowPlaintextBackend: false, wrappedKeyFile: file })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/damaged/),
    });
  });
});
