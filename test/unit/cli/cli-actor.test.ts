import { hostname, userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cliActorOf, currentCliActor } from '../../../electron/cli/cli-actor.js';

describe('the audit name of a command-line run', () => {
  it('is cli:<os user>@<host>, as id and as name', () => {
    expect(cliActorOf('jsmith', 'scan-03')).toEqual({ id: 'cli:jsmith@scan-03', name: 'cli:jsmith@scan-03' });
  });

  it('keeps a Windows domain account and a dotted host as they are', () => {
    expect(cliActorOf('HOSPITAL\\jsmith', 'scan-03.records.local').name).toBe('cli:HOSPITAL\\jsmith@scan-03.records.local');
  });

  it('says "unknown" for a missing part and never carries spaces or control characters', () => {
    expect(cliActorOf(undefined, '').name).toBe('cli:unknown@unknown');
    expect(cliActorOf('  ', null).name).toBe('cli:unknown@unknown');
    expect(cliActorOf('j smith\n', 'scan\t03').name).toBe('cli:j_smith@scan_03');
  });

  it('names the account running this process and this computer', () => {
    expect(currentCliActor().name).toBe(`cli:${userInfo().username}@${hostname()}`);
  });
});
