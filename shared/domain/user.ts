import { z } from 'zod';

export const Role = z.enum(['admin', 'clerk', 'reviewer']);
export type Role = z.infer<typeof Role>;

export const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
});
export type SessionUser = z.infer<typeof SessionUser>;

/** Usernames are printed in the audit trail and batch lists: keep them plain. */
export const Username = z
  .string()
  .trim()
  .min(2, 'A username needs at least 2 characters.')
  .max(64, 'A username can have at most 64 characters.')
  .regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits, dot, dash or underscore in a username.');

export const NewPassword = z
  .string()
  .min(10, 'A password needs at least 10 characters.')
  .max(256, 'A password can have at most 256 characters.');
