import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';

/** The station's certificate and private key (PEM), as node:https takes them. */
export interface TlsIdentity {
  cert: Buffer;
  key: Buffer;
}

export class TlsIdentityError extends Error {
  override name = 'TlsIdentityError';
}

/** Reads the PEM files and checks that they are a certificate and the key that goes with it. */
export async function loadTlsIdentity(certFile: string, keyFile: string): Promise<TlsIdentity> {
  const read = async (path: string, what: string) => {
    try {
      return await readFile(path);
    } catch {
      throw new TlsIdentityError(`The TLS ${what} ${path} cannot be read.`);
    }
  };
  const cert = await read(certFile, 'certificate');
  const key = await read(keyFile, 'private key');
  try {
    new X509Certificate(cert);
  } catch {
    throw new TlsIdentityError(`The TLS certificate ${certFile} is not a PEM certificate.`);
  }
  try {
    // Fails on a key that is not PEM or does not match the certificate, before any client sees it.
    createSecureContext({ cert, key });
  } catch {
    throw new TlsIdentityError(`The TLS private key ${keyFile} is not a PEM key for the certificate ${certFile}.`);
  }
  return { cert, key };
}

/**
 * The host names and addresses a certificate is valid for (its subject alternative names).
 * Browsers reach the station by one of these, so they join the Host/Origin allow-list.
 * Wildcard names are left out: a wildcard would let any host under the domain rebind to us.
 */
export function certificateHostNames(cert: Buffer): string[] {
  const names: string[] = [];
  for (const entry of (new X509Certificate(cert).subjectAltName ?? '').split(',')) {
    const [kind, ...rest] = entry.trim().split(':');
    const value = rest.join(':').trim().toLowerCase();
    if (!value || value.includes('*')) continue;
    if (kind === 'DNS') names.push(value);
    else if (kind === 'IP Address') names.push(value.includes(':') ? `[${value}]` : value);
  }
  return names;
}
