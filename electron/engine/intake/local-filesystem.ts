import { statfs } from 'node:fs/promises';

/**
 * Linux filesystem magic numbers (statfs f_type) of disks in this computer. Anything else
 * (NFS, SMB/CIFS, FUSE mounts such as sshfs, 9p) is treated as a network share, where change
 * events and /proc say nothing about a writer on another machine.
 */
const LOCAL_TYPES = new Set([
  0xef53, // ext2/3/4
  0x58465342, // xfs
  0x9123683e, // btrfs
  0x01021994, // tmpfs
  0x794c7630, // overlayfs
  0x2fc12fc1, // zfs
  0xf2f52010, // f2fs
  0x4d44, // vfat
  0x2011bab0, // exfat
  0x5346544e, // ntfs (ntfs-3g reports fuseblk instead, and stays "network")
  0x7366746e, // ntfs3
  0x52654973, // reiserfs
  0x3153464a, // jfs
]);

/** Whether the folder lies on a disk of this computer (Linux only; elsewhere: false, so the still-time rule applies). */
export async function isLocalFilesystem(folder: string): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  try {
    return LOCAL_TYPES.has((await statfs(folder)).type);
  } catch {
    return false;
  }
}
