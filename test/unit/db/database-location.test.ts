import { describe, expect, it } from 'vitest';
import { assertLocalDatabaseFolder, isUncPath, networkFilesystemOf, networkLocationProblem } from '../../../electron/engine/db/database-location.js';

describe('the database refuses a network file system', () => {
  it('knows the statfs magic numbers of NFS, SMB, CIFS and SMB2', () => {
    expect(networkFilesystemOf(0x6969)).toBe('NFS');
    expect(networkFilesystemOf(0x517b)).toBe('SMB');
    expect(networkFilesystemOf(0xff534d42)).toBe('CIFS');
    expect(networkFilesystemOf(0xfe534d42)).toBe('SMB2');
    // The same magic read back as a signed 32-bit number.
    expect(networkFilesystemOf(0xff534d42 | 0)).toBe('CIFS');
  });

  it('accepts local file systems (ext4, xfs, btrfs, tmpfs, overlayfs)', () => {
    for (const local of [0xef53, 0x58465342, 0x9123683e, 0x01021994, 0x794c7630]) expect(networkFilesystemOf(local)).toBeNull();
  });

  it('names what is wrong with a folder', () => {
    expect(networkLocationProblem('/mnt/records', 0x6969, 'linux')).toBe('a network file system (NFS)');
    expect(networkLocationProblem('/mnt/records', 0xef53, 'linux')).toBeNull();
    expect(networkLocationProblem('\\\\fileserver\\records\\ChartDesk', null, 'win32')).toBe('a network share (UNC path)');
    expect(networkLocationProblem('C:\\ChartDesk', null, 'win32')).toBeNull();
  });

  it('tells UNC paths from local device paths', () => {
    expect(isUncPath('\\\\server\\share\\data')).toBe(true);
    expect(isUncPath('//server/share')).toBe(true);
    expect(isUncPath('\\\\?\\UNC\\server\\share')).toBe(true);
    expect(isUncPath('\\\\?\\C:\\ChartDesk')).toBe(false);
    expect(isUncPath('\\\\.\\pipe\\x')).toBe(false);
    expect(isUncPath('C:\\ChartDesk')).toBe(false);
    expect(isUncPath('/srv/chartdesk')).toBe(false);
  });

  it('passes the folder this test runs in (a local disk) and refuses a UNC data folder on Windows', () => {
    expect(() => assertLocalDatabaseFolder(process.cwd())).not.toThrow();
    expect(() => assertLocalDatabaseFolder('\\\\fileserver\\records', 'win32')).toThrow(/network share.*own disk/);
  });
});
