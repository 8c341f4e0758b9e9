import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../electron/engine/api/dispatcher.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { mayCall } from '../../../shared/api/access.js';
import { methodNames } from '../../../shared/api/contract.js';
import { fail } from '../../../shared/api/result.js';
import { Role } from '../../../shared/domain/user.js';

/** Handlers that never run far: the dispatcher decides on the role before it calls one. */
const handlers = new Proxy({}, { get: () => async () => fail('conflict', 'not run in this test') }) as Handlers;

describe('mayCall', () => {
  it('agrees with the engine, method by method and role by role', async () => {
    for (const role of Role.options) {
      const dispatch = createDispatcher(handlers, () => ({ user: { id: 'u1', username: 'someone', displayName: 'Some One', role }, locked: false }), silentLogger);
      for (const method of methodNames) {
        const { result } = await dispatch(method, {}, 'token');
        const refused = !result.ok && result.error.code === 'forbidden';
        expect({ role, method, offered: mayCall(role, method) }).toEqual({ role, method, offered: !refused });
      }
    }
  });

  it('offers nothing but the public methods to someone not signed in', () => {
    expect(mayCall(null, 'session.signIn')).toBe(true);
    expect(mayCall(null, 'batches.list')).toBe(false);
  });
});
