import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connector, DeliveryOutcome, DeliveryPackage, RetractionPackage } from '../delivery-package.js';
import type { FolderTargetConfig } from '../../../../shared/domain/delivery-targets.js';
import { syncFolder } from '../../storage/durable-file.js';
import { sameIndexButAnchor } from './audit-anchor-fields.js';
import { indexFileName, pdfFileName, renderIndexFile } from './folder-index-layout.js';
import { renderRetractionRecord, retractionFileName } from './folder-retraction.js';
import { DeliveryStop, failed, retry, seconds } from './outcomes.js';

/*
 * Import processors (HIM systems, ECM "hot folders") pick a document up when its index file
 * appears, and read the PDF the index names. So the PDF is complete, renamed into place and
 * made durable before the index file is written, and each file appears whole through a rename.
 *
 * The durable-file helpers in storage/ are not used: their temp names are random, so a temp
 * left by a crash could never be told apart from another station's write in progress on the
 * same share. Here the temp name is derived from the document id, which only this station's
 * outbox delivers, one attempt at a time; a leftover is ours to remove.
 */

/** Document ids become file names on shares read by Windows and by import processors. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const tempNameOf = (fileName: string) => `.${fileName}.chartdesk-tmp`;

type Errno = NodeJS.ErrnoException;
const codeOf = (error: unknown) => (error as Errno | undefined)?.code;

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    // A hung share cannot be cancelled mid-call; the attempt gives up and the call finishes unseen.
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

async function sha256OfFile(path: string, signal: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function removeIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error;
  }
}

/** Errors reading the station's own PDF, as opposed to errors on the import folder. */
class SourceProblem extends Error {}

/**
 * Opens a file to write with the target's mode: the delivered copy is plain PHI, so only this
 * account reads it unless the target says otherwise. Set again after opening, because the
 * process umask can only take bits away; a share without modes (SMB, some NAS) refuses the
 * chmod, and there its own permissions decide.
 */
async function openForDelivery(path: string, mode: number) {
  const handle = await open(path, 'w', mode);
  try {
    await handle.chmod(mode);
  } catch (error) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EINVAL', 'ENOSYS'].includes(codeOf(error) ?? '')) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

export class FolderConnector implements Connector {
  readonly targetId: string;
  private readonly fileMode: number;

  constructor(private readonly config: FolderTargetConfig) {
    this.targetId = config.id;
    this.fileMode = config.fileMode ? Number.parseInt(config.fileMode, 8) : 0o600;
  }

  async deliver(pkg: DeliveryPackage, signal: AbortSignal): Promise<DeliveryOutcome> {
    if (!SAFE_ID.test(pkg.documentId)) {
      return failed('The document id cannot be used as a file name in an import folder (letters, digits, dot, dash and underscore only).');
    }
    // A replacement first lands whole, then the replaced document's retraction record follows it.
    const replaces = pkg.replaces;
    return this.attempt(signal, async (attempt) => {
      const delivered = await this.write(pkg, attempt);
      if (delivered.kind !== 'delivered' || !replaces) return delivered;
      await this.writeRetraction({ retractionId: pkg.documentId, retracted: replaces, replacedBy: pkg.documentId }, attempt);
      return delivered;
    });
  }

  /** A retraction record with nothing in its place (see folder-retraction.ts). */
  async retract(retraction: RetractionPackage, signal: AbortSignal): Promise<DeliveryOutcome> {
    if (!SAFE_ID.test(retraction.retracted.documentId)) return failed('The document id cannot be used as a file name in an import folder.');
    return this.attempt(signal, async (attempt) => ({ kind: 'delivered', receipt: await this.writeRetraction(retraction, attempt) }));
  }

  private async writeRetraction(retraction: RetractionPackage, signal: AbortSignal): Promise<string> {
    const folder = this.config.path;
    const name = retractionFileName(retraction.retracted.documentId, this.config.index);
    const path = join(folder, name);
    const bytes = renderRetractionRecord(retraction, this.config.index);
    await abortable(removeIfPresent(join(folder, tempNameOf(name))), signal);
    if ((await abortable(readFile(path).catch(this.absentAsNull), signal))?.equals(bytes)) return path;
    await abortable(this.writeFile(bytes, join(folder, tempNameOf(name)), path), signal);
    await abortable(syncFolder(folder), signal);
    return path;
  }

  private async attempt(signal: AbortSignal, work: (attempt: AbortSignal) => Promise<DeliveryOutcome>): Promise<DeliveryOutcome> {
    const attempt = AbortSignal.any([signal, AbortSignal.timeout(this.config.timeoutMs)]);
    try {
      return await work(attempt);
    } catch (error) {
      if (error instanceof DeliveryStop) return error.outcome;
      if (attempt.aborted) {
        return signal.aborted
          ? retry(`Delivery to the import folder ${this.config.path} was stopped before it finished.`)
          : retry(`The import folder ${this.config.path} did not respond within ${seconds(this.config.timeoutMs)}.`);
      }
      if (error instanceof SourceProblem) return retry(error.message);
      return this.describeFolderError(error);
    }
  }

  private async write(pkg: DeliveryPackage, signal: AbortSignal): Promise<DeliveryOutcome> {
    const folder = this.config.path;
    const folderStat = await abortable(stat(folder), signal);
    if (!folderStat.isDirectory()) return failed(`The import folder ${folder} is a file, not a folder.`);

    const indexBytes = renderIndexFile(pkg, this.config.index);
    const pdfName = pdfFileName(pkg);
    const indexName = indexFileName(pkg, this.config.index);
    const pdfPath = join(folder, pdfName);
    const indexPath = join(folder, indexName);

    await abortable(Promise.all([removeIfPresent(join(folder, tempNameOf(pdfName))), removeIfPresent(join(folder, tempNameOf(indexName)))]), signal);

    const [pdfInPlace, indexOnShare] = await abortable(Promise.all([this.hasSamePdf(pdfPath, pkg, signal), readFile(indexPath).catch(this.absentAsNull)]), signal);
    if (pdfInPlace && indexOnShare && (indexOnShare.equals(indexBytes) || sameIndexButAnchor(indexOnShare, pkg, (p) => renderIndexFile(p, this.config.index)))) {
      return { kind: 'delivered', receipt: indexPath };
    }

    if (!pdfInPlace) {
      await abortable(this.copyPdf(pkg, join(folder, tempNameOf(pdfName)), pdfPath), signal);
      // The PDF's rename must be on disk before the index can exist, whatever happens next.
      await abortable(syncFolder(folder), signal);
    }
    await abortable(this.writeFile(indexBytes, join(folder, tempNameOf(indexName)), indexPath), signal);
    await abortable(syncFolder(folder), signal);
    return { kind: 'delivered', receipt: indexPath };
  }

  private readonly absentAsNull = (error: unknown): null => {
    if (codeOf(error) === 'ENOENT') return null;
    throw error;
  };

  private async hasSamePdf(pdfPath: string, pkg: DeliveryPackage, signal: AbortSignal): Promise<boolean> {
    const existing = await stat(pdfPath).catch(this.absentAsNull);
    if (!existing || existing.size !== pkg.pdf.sizeBytes) return false;
    return (await sha256OfFile(pdfPath, signal)) === pkg.pdf.sha256.toLowerCase();
  }

  /**
   * Writes the PDF from memory (the station's own copy is encrypted; this is the plain copy the
   * repository imports), checked against its recorded hash so what lands is what was confirmed.
   */
  private async copyPdf(pkg: DeliveryPackage, tempPath: string, finalPath: string): Promise<void> {
    if (createHash('sha256').update(pkg.pdf.bytes).digest('hex') !== pkg.pdf.sha256.toLowerCase() || pkg.pdf.bytes.length !== pkg.pdf.sizeBytes) {
      throw new SourceProblem("The document's PDF on this station does not match its recorded checksum; it will be prepared again.");
    }
    await this.writeFile(pkg.pdf.bytes, tempPath, finalPath);
  }

  /** Writes under the temp name, fsyncs, renames to the final name; nothing is left under the temp name on failure. */
  private async writeFile(bytes: Uint8Array, tempPath: string, finalPath: string): Promise<void> {
    const target = await openForDelivery(tempPath, this.fileMode);
    let renamed = false;
    try {
      await target.writeFile(bytes);
      await target.sync();
      await target.close();
      await rename(tempPath, finalPath);
      renamed = true;
    } finally {
      await target.close().catch(() => undefined);
      if (!renamed) await removeIfPresent(tempPath).catch(() => undefined);
    }
  }

  private describeFolderError(error: unknown): DeliveryOutcome {
    const folder = this.config.path;
    // Everything on the share side is worth retrying: shares come back, permissions get fixed,
    // disks get emptied. Only settings that can never work are reported as failed (above).
    switch (codeOf(error)) {
      case 'ENOENT':
      case 'ENOTDIR':
      case 'EHOSTDOWN':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
      case 'ENETDOWN':
      case 'ETIMEDOUT':
      case 'ECONNRESET':
      case 'ESTALE':
      case 'ENXIO':
        return retry(`The import folder ${folder} is not reachable.`);
      case 'EACCES':
      case 'EPERM':
      case 'EROFS':
        return retry(`ChartDesk is not allowed to write to the import folder ${folder}.`);
      case 'ENOSPC':
      case 'EDQUOT':
        return retry(`The import folder ${folder} is full.`);
      case 'EBUSY':
      case 'EAGAIN':
        return retry(`A file in the import folder ${folder} is in use by another program.`);
      default:
        return retry(`Writing to the import folder ${folder} failed (${codeOf(error) ?? (error as Error).name}).`);
    }
  }
}
