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

export const NewPassword = z.string().min(10, 'A password needs at least 10 characters.').max(256, 'A password can have at most 256 characters.');

/** A local account as administrators see it (never the password hash). */
export const UserAccount = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  /** Locked for a few minutes after too many failed sign-ins; a password reset unlocks. */
  locked: z.boolean(),
  /** Cannot sign in at all until an administrator enables the account again. */
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type UserAccount = z.infer<typeof UserAccount>;

/**
 * How long the UI may sit without keyboard or mouse before it locks. At most the 8 hours after
 * which an idle session ends anyway.
 */
export const IdleLockSeconds = z
  .number()
  .int('Give a whole number of seconds.')
  .min(5, 'The screen lock needs at least 5 seconds.')
  .max(8 * 60 * 60, 'The screen lock can wait at most 8 hours (an idle session ends then).');
export const defaultIdleLockSeconds = 10 * 60;

export const DisplayName = z.string().trim().min(1, 'Enter the name shown for this person.').max(100, 'A display name can have at most 100 characters.');
