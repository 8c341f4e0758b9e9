import { createHash } from 'node:crypto';

/**
 * The PDF Standard security handler, revision 3 (RC4, 128-bit key), as in ISO 32000-1 section
 * 7.6.3. Real enough that a reader given the user password decrypts the file, so "asks for a
 * password" is tested against a genuine encrypted PDF and not merely a malformed one. RC4 is
 * written out because OpenSSL 3 only offers it through the legacy provider.
 */

const PASSWORD_PADDING = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
const KEY_BYTES = 16;

export interface StandardSecurity {
  /** The /O entry. */
  owner: Buffer;
  /** The /U entry. */
  user: Buffer;
  /** The file key, from which each object's key is derived. */
  fileKey: Buffer;
  permissions: number;
}

export function standardSecurityR3(options: {
  userPassword: string;
  ownerPassword: string;
  /** The first element of the trailer /ID. */
  fileId: Buffer;
  /** /P: a signed 32-bit permission mask. */
  permissions: number;
}): StandardSecurity {
  const owner = ownerEntry(options.ownerPassword, options.userPassword);
  const p = Buffer.alloc(4);
  p.writeInt32LE(options.permissions);
  let fileKey = md5(padPassword(options.userPassword), owner, p, options.fileId);
  for (let i = 0; i < 50; i++) fileKey = md5(fileKey.subarray(0, KEY_BYTES));
  fileKey = fileKey.subarray(0, KEY_BYTES);

  let user = rc4(fileKey, md5(PASSWORD_PADDING, options.fileId));
  for (let i = 1; i <= 19; i++) user = rc4(xorKey(fileKey, i), user);
  // Revision 3 compares only the first 16 bytes; the rest is arbitrary padding.
  return { owner, user: Buffer.concat([user, Buffer.alloc(16)]), fileKey, permissions: options.permissions };
}

/** Encrypts a string or stream belonging to object `objectNumber` (generation 0). */
export function encryptObjectData(fileKey: Buffer, objectNumber: number, data: Buffer): Buffer {
  const suffix = Buffer.from([objectNumber & 0xff, (objectNumber >> 8) & 0xff, (objectNumber >> 16) & 0xff, 0, 0]);
  const key = md5(fileKey, suffix).subarray(0, Math.min(fileKey.length + 5, 16));
  return rc4(key, data);
}

function ownerEntry(ownerPassword: string, userPassword: string): Buffer {
  let key = md5(padPassword(ownerPassword || userPassword));
  for (let i = 0; i < 50; i++) key = md5(key);
  key = key.subarray(0, KEY_BYTES);
  let owner = rc4(key, padPassword(userPassword));
  for (let i = 1; i <= 19; i++) owner = rc4(xorKey(key, i), owner);
  return owner;
}

function padPassword(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, 'latin1'), PASSWORD_PADDING]).subarray(0, 32);
}

function xorKey(key: Buffer, value: number): Buffer {
  return Buffer.from(key.map((byte) => byte ^ value));
}

function md5(...parts: Buffer[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

export function rc4(key: Buffer, data: Buffer): Buffer {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + (s[i] ?? 0) + (key[i % key.length] ?? 0)) & 0xff;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
  }
  const out = Buffer.alloc(data.length);
  let a = 0;
  let b = 0;
  for (let n = 0; n < data.length; n++) {
    a = (a + 1) & 0xff;
    b = (b + (s[a] ?? 0)) & 0xff;
    [s[a], s[b]] = [s[b] ?? 0, s[a] ?? 0];
    out[n] = (data[n] ?? 0) ^ (s[((s[a] ?? 0) + (s[b] ?? 0)) & 0xff] ?? 0);
  }
  return out;
}
