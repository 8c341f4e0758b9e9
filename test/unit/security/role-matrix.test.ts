import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contract, methodNames } from '../../../shared/api/contract.js';
import { Role } from '../../../shared/domain/user.js';
import { mayCall } from '../../support/minimal-inputs.js';

/**
 * Who may call each method of the contract, as a committed, reviewed file (role-matrix.txt).
 * Adding a method or widening its access changes that file, so the change shows in review; this
 * test fails with the difference until the file is regenerated on purpose:
 *   npx vitest run --config test/vitest.config.ts test/unit/security/role-matrix.test.ts -u
 * (test/integration/auth/roles.test.ts checks that the engine refuses exactly what this allows.)
 */
const snapshot = fileURLToPath(new URL('./role-matrix.txt', import.meta.url));

function roleMatrix(): string {
  const roles = Role.options;
  const header = ['method', 'signed-out', ...roles, 'while-locked'];
  const rows = methodNames.map((name) => {
    const spec = contract[name];
    const whileLocked = 'whileLocked' in spec && spec.whileLocked === true;
    const mark = (allowed: boolean) => (allowed ? 'yes' : '-');
    return [name, mark(spec.access === 'public'), ...roles.map((role) => mark(mayCall(spec.access, role))), mark(whileLocked)];
  });
  // The method column is wide enough for names to come, so adding one does not re-align every line.
  const widths = header.map((_, i) => Math.max(i === 0 ? 40 : 0, ...[header, ...rows].map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    '# Who may call what: generated from shared/api/contract.ts by test/unit/security/role-matrix.test.ts.',
    '# A change here widens or narrows access to patient data: review it as such.',
    '# signed-out: answers before sign-in; while-locked: answers while the idle lock is on.',
    line(header),
    ...rows.map(line),
    '',
  ].join('\n');
}

describe('the roles × methods matrix', () => {
  it('matches the reviewed snapshot (a new method or wider access fails here until role-matrix.txt is updated)', async () => {
    // A missing file would be written afresh and pass; it must exist to be a review point.
    expect(existsSync(snapshot), `${snapshot} is missing`).toBe(true);
    await expect(roleMatrix()).toMatchFileSnapshot(snapshot);
  });
});
