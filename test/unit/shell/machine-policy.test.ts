import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMachinePolicy } from '../../../electron/main/machine-policy.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * The administrator's exception (plain-text key storage) comes only from a policy file no other
 * user can write. The tests own their files, so they name the test's own uid as the trusted
 * owner (root in production) and another uid to play "someone else".
 */
describe('the machine policy', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let folder: string;
  let file: string;
  const me = process.getuid!();
  beforeEach(async () => {
    tmp = await makeTempDir('machine-policy');
    folder = path.join(tmp.path, 'etc-chartdesk');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    file = path.join(folder, 'policy.json');
  });
  afterEach(async () => tmp.remove());

  const write = (text: string, mode = 0o644) => {
    writeFileSync(file, text);
    chmodSync(file, mode);
  };

  it('applies the safe defaults when there is no policy file', () => {
    expect(readMachinePolicy(file, { trustedOwnerUid: me })).toEqual({ policy: { allowPlaintextKeyStore: false }, source: null, ignored: null });
  });

  it("takes the administrator's exception from a file only the administrator can write", () => {
    write('{ "allowPlaintextKeyStore": true }');
    expect(readMachinePolicy(file, { trustedOwnerUid: me })).toEqual({ policy: { allowPlaintextKeyStore: true }, source: file, ignored: null });
  });

  it('ignores a policy file owned by anyone but the administrator', () => {
    write('{ "allowPlaintextKeyStore": true }');
    const read = readMachinePolicy(file, { trustedOwnerUid: me + 1 });
    expect(read.policy.allowPlaintextKeyStore).toBe(false);
    expect(read.ignored).toMatch(/not owned by the administrator/);
  });

  it('ignores a policy file, or a folder, that other users can change', () => {
    write('{ "allowPlaintextKeyStore": true }', 0o666);
    expect(readMachinePolicy(file, { trustedOwnerUid: me })).toMatchObject({ policy: { allowPlaintextKeyStore: false }, ignored: expect.stringMatching(/the file can be changed by other users/) });
    chmodSync(file, 0o644);
    chmodSync(folder, 0o777);
    expect(readMachinePolicy(file, { trustedOwnerUid: me })).toMatchObject({ policy: { allowPlaintextKeyStore: false }, ignored: expect.stringMatching(/its folder can be changed/) });
  });

  it('ignores a damaged or misspelt policy, saying why', () => {
    write('{ "allowPlaintextKeyStore": tru');
    expect(readMachinePolicy(file, { trustedOwnerUid: me })).toMatchObject({ policy: { allowPlaintextKeyStore: false }, ignored: expect.stringMatching(/not valid JSON/) });
    write('{ "allowPlainTextKeyStore": true }');
    expect(readMachinePolicy(file, { trustedOwnerUid: me })).toMatchObject({ policy: { allowPlaintextKeyStore: false }, ignored: expect.stringMatching(/allowPlainTextKeyStore|Unrecognized/) });
    write('{ "allowPlaintextKeyStore": "yes" }');
    expect(readMachinePolicy(file, { trustedOwnerUid: me })).toMatchObject({ policy: { allowPlaintextKeyStore: false }, ignored: expect.stringMatching(/allowPlaintextKeyStore/) });
  });
});
