import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TamperedFileError, decryptFile, encryptFile } from '../../../electron/engine/crypto/file-cipher.js';

const key = randomBytes(32);
const page = Buffer.concat([Buffer.from('II*\0'), randomBytes(5000)]);

describe('files kept by the station (AES-256-GCM)', () => {
  it('round-trips, and never stores the plain bytes or the same ciphertext twice', () => {
    const one = encryptFile(key, 'file-1', page);
    const two = encryptFile(key, 'file-1', page);
    expect(decryptFile(key, 'file-1', one).equals(page)).toBe(true);
    // A fresh IV per file: the same page written twice looks unrelated on disk.
    expect(one.equals(two)).toBe(false);
    expect(one.subarray(4, 16).equals(two.subarray(4, 16))).toBe(false);
    expect(one.includes(page.subarray(0, 64))).toBe(false);
    expect(one.length).toBe(page.length + 4 + 12 + 16);
  });

  it('treats any change as tampering, naming the file id only', () => {
    const sealed = encryptFile(key, 'file-1', page);
    for (const at of [0, 5, 20, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[at]! ^= 0x01;
      expect(() => decryptFile(key, 'file-1', altered)).toThrow(TamperedFileError);
    }
    expect(() => decryptFile(key, 'file-1', sealed.subarray(0, sealed.length - 1))).toThrow(TamperedFileError);
    expect(() => decryptFile(key, 'file-1', sealed.subarray(0, 10))).toThrow(TamperedFileError);
    expect(() => decryptFile(key, 'file-1', page)).toThrow(TamperedFileError);
    try {
      decryptFile(key, 'file-1', Buffer.concat([sealed, Buffer.from('x')]));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TamperedFileError);
      expect((error as TamperedFileError).code).toBe('tampered');
      expect((error as TamperedFileError).fileId).toBe('file-1');
      expect((error as Error).message).toMatch(/^The stored file file-1 failed its integrity check/);
    }
  });

  it("refuses a file moved under another id, or read with another station's key", () => {
    const sealed = encryptFile(key, 'original-a', page);
    expect(() => decryptFile(key, 'original-b', sealed)).toThrow(TamperedFileError);
    expect(() => decryptFile(randomBytes(32), 'original-a', sealed)).toThrow(TamperedFileError);
  });
});
