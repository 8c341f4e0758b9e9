import type { Role } from '../domain/user.js';
import { type MethodName, contract } from './contract.js';

/**
 * Whether a role may call a method, read from the contract's access rules (the same rules the
 * engine's dispatcher enforces). Screens ask this before offering an action or a key, so a
 * clerk is never offered what the station would refuse them.
 */
export const mayCall = (role: Role | null | undefined, method: MethodName): boolean => {
  const access = contract[method].access;
  if (access === 'public') return true;
  if (!role) return false;
  return access === 'signed-in' || access.includes(role);
};
