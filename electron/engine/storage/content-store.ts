import { createHash } from 'node:crypto';
import { access, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decryptFile, encryptFile } from '../crypto/file-cipher.js';
import { writeFileDurably } from './durable-file.js';

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const isSha256 = (value: string) => /^[0-9a-f]{64}$/.test(value);

/** Where a content store lives and its file key: what a worker needs to open the same store. */
export interface StoreLocation {
  root: string;
  /** 32 bytes (StationKey.fileKey()). */
  key: Uint8Array;
}

/**
 * Page images named by the SHA-256 of their bytes. Writing the same image twice is free and
 * safe (a re-ingest after a crash rewrites nothing). Each file is encrypted (AES-256-GCM) with
 * its hash as associated data, so a file that was altered, or copied over another, fails to
 * open with TamperedFileError instead of showing the wrong page.
 */
export class ContentStore {
  constructor(
    readonly root: string,
    private readonly key: Uint8Array,
  ) {}

  static at(location: StoreLocation): ContentStore {
    return new ContentStore(location.root, location.key);
  }

  get location(): StoreLocation {
    return { root: this.root, key: this.key };
  }

  pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new Error('not a SHA-256 content address');
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const sha = sha256Hex(bytes);
    const path = this.pathOf(sha);
    if (!(await this.has(sha))) await writeFileDurably(path, encryptFile(this.key, sha, bytes));
    return sha;
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  /** The image's bytes, decrypted in memory (never to a temp file). Throws TamperedFileError. */
  async read(sha256: string): Promise<Buffer> {
    return decryptFile(this.key, sha256, await readFile(this.pathOf(sha256)));
  }

  /** Deletes a stored image (retention); the caller has made sure no row still needs it. Already gone is fine. */
  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}
