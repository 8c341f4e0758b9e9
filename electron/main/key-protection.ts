/**
 * Whether the desktop app may keep PHI under a station key wrapped by Electron's safeStorage.
 * On Linux safeStorage falls back to 'basic_text' when no keyring (GNOME libsecret, KWallet) is
 * running: the "wrapped" key is then obfuscated with a constant anyone can look up, so the data
 * would be as good as unencrypted. That is refused unless an administrator has explicitly
 * accepted it for this computer in the machine policy (`allowPlaintextKeyStore` in
 * /etc/chartdesk/policy.json, see machine-policy.ts), e.g. a kiosk whose disk is encrypted as a whole.
 */
export type KeyProtection = { kind: 'keychain'; backend: string } | { kind: 'plaintext-allowed-by-admin'; backend: string } | { kind: 'refused'; reason: string };

export interface KeyProtectionFacts {
  platform: NodeJS.Platform;
  /** safeStorage.isEncryptionAvailable() */
  encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux; null elsewhere (DPAPI, macOS Keychain). */
  linuxBackend: string | null;
  allowPlaintextBackend: boolean;
}

const plaintextBackends = new Set(['basic_text']);

export function decideKeyProtection(facts: KeyProtectionFacts): KeyProtection {
  if (!facts.encryptionAvailable) {
    return { kind: 'refused', reason: "This computer's keychain cannot protect ChartDesk's station key (OS encryption is not available to this user)." };
  }
  if (facts.platform !== 'linux') return { kind: 'keychain', backend: facts.platform === 'win32' ? 'dpapi' : 'keychain' };
  const backend = facts.linuxBackend ?? 'unknown';
  if (plaintextBackends.has(backend)) {
    return facts.allowPlaintextBackend
      ? { kind: 'plaintext-allowed-by-admin', backend }
      : {
          kind: 'refused',
          reason:
            'No keyring (GNOME Keyring or KWallet) is running for this user, so ChartDesk cannot protect the key that encrypts patient data. ' +
            'Start a keyring and sign in again, or ask an administrator to allow plain-text key storage for this computer (allowPlaintextKeyStore in /etc/chartdesk/policy.json).',
        };
  }
  if (backend === 'unknown') return { kind: 'refused', reason: 'ChartDesk could not tell which keyring protects its station key, so it will not store patient data.' };
  return { kind: 'keychain', backend };
}
