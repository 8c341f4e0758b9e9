import { describe, expect, it } from 'vitest';
import { dispatchKey, legendOf, type KeyMap, type KeyPressEvent, pressMatches } from '../../../renderer/lib/key-map.js';
import { shortcutsFor } from '../../../renderer/lib/shortcuts.js';
import { type BatchViewerCommands, batchViewerKeyMap } from '../../../renderer/screens/batch-viewer/key-map.js';
import { type IndexingCommands, indexingKeyMap } from '../../../renderer/screens/indexing/key-map.js';
import type { Role } from '../../../shared/domain/user.js';

/** A key event as the browser makes it: `key` already carries Shift ("R"), the modifiers are flags. */
const press = (key: string, mods: Partial<Omit<KeyPressEvent, 'key'>> = {}): KeyPressEvent => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

/** Commands that write down what ran, so a test sees which command a key reached. */
function recorder<C>(): { commands: C; calls: string[] } {
  const calls: string[] = [];
  const commands = new Proxy({} as Record<string, unknown>, {
    get: (_target, name: string) => (arg?: unknown) => {
      calls.push(arg === undefined ? name : `${name}(${String(arg)})`);
      return true;
    },
  }) as C;
  return { commands, calls };
}

const roles: Role[] = ['admin', 'clerk', 'reviewer'];

describe('key presses', () => {
  it('tells r from Shift+R, and Ctrl+Z from Ctrl+Shift+Z', () => {
    expect(pressMatches('r', press('r'))).toBe(true);
    expect(pressMatches('r', press('R', { shiftKey: true }))).toBe(false);
    expect(pressMatches('R', press('R', { shiftKey: true }))).toBe(true);
    expect(pressMatches('Ctrl+z', press('z', { ctrlKey: true }))).toBe(true);
    expect(pressMatches('Ctrl+z', press('z', { metaKey: true }))).toBe(true);
    expect(pressMatches('Ctrl+z', press('Z', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(pressMatches('z', press('z', { ctrlKey: true }))).toBe(false);
    expect(pressMatches('Alt+ArrowUp', press('ArrowUp'))).toBe(false);
  });
});

describe('the indexing key map', () => {
  const run = (event: KeyPressEvent, inField = false) => {
    const { commands, calls } = recorder<IndexingCommands>();
    const used = dispatchKey(indexingKeyMap, commands, event, inField);
    return { used, calls };
  };

  it('sends each key to its command', () => {
    expect(run(press('s')).calls).toEqual(['split']);
    expect(run(press('r')).calls).toEqual(['rotate(90)']);
    expect(run(press('R', { shiftKey: true })).calls).toEqual(['rotate(270)']);
    expect(run(press('ArrowLeft', { altKey: true })).calls).toEqual(['movePageTo(-1)']);
    expect(run(press('ArrowDown', { altKey: true })).calls).toEqual(['movePage(1)']);
    expect(run(press('ArrowDown')).calls).toEqual(['nextPage']);
    expect(run(press('End')).calls).toEqual(['lastPage']);
    expect(run(press('Enter', { ctrlKey: true })).calls).toEqual(['confirm']);
    expect(run(press('z', { ctrlKey: true })).calls).toEqual(['undo']);
    expect(run(press('=')).calls).toEqual(['zoom(=)']);
    expect(run(press('Escape')).calls).toEqual(['back']);
  });

  it('leaves keys it has no entry for, and plain Enter (the offered button takes it), to others', () => {
    expect(run(press('q'))).toEqual({ used: false, calls: [] });
    expect(run(press('Enter'))).toEqual({ used: false, calls: [] });
    expect(run(press('Enter', { ctrlKey: true, altKey: true }))).toEqual({ used: false, calls: [] });
  });

  it('in a field, takes only the keys that type nothing', () => {
    expect(run(press('F2'), true).calls).toEqual(['focusPatient']);
    expect(run(press('F4'), true).calls).toEqual(['focusDate']);
    expect(run(press('Enter', { ctrlKey: true }), true).calls).toEqual(['confirm']);
    expect(run(press('/'), true).used).toBe(false);
    expect(run(press('c'), true).used).toBe(false);
    expect(run(press('Delete'), true).used).toBe(false);
  });

  it('gives no key two jobs for the same role', () => {
    for (const role of roles) {
      const offered = shortcutsFor('index', role)[0]!.shortcuts.map((s) => s.action);
      const seen = new Map<string, string>();
      for (const entry of indexingKeyMap.filter((e) => e.run && offered.includes(e.action))) {
        for (const p of [...entry.press, ...(entry.also ?? [])]) {
          expect(seen.get(p), `${role}: ${p}`).toBeUndefined();
          seen.set(p, entry.action);
        }
      }
    }
  });

  it('shows the same legend a clerk had before the key map was data', () => {
    expect(legendOf(indexingKeyMap, 'clerk')).toEqual([
      { keys: ['A'], action: 'Accept suggestions' },
      { keys: ['C'], action: 'Confirm, next' },
      { keys: ['/', 'Y', 'D'], action: 'Patient · type · date' },
      { keys: [']', '['], action: 'Document' },
      { keys: ['PgDn', 'PgUp'], action: 'Page' },
      { keys: ['S'], action: 'Split' },
      { keys: ['M'], action: 'Merge' },
      { keys: ['R'], action: 'Rotate' },
      { keys: ['Del'], action: 'Delete page' },
      { keys: ['Ctrl+Z'], action: 'Undo' },
      { keys: ['X'], action: 'Rescan page' },
      { keys: ['Esc'], action: 'Back' },
    ]);
  });

  it('lists in "?" every key the legend shows, for every role', () => {
    for (const role of roles) {
      const listed = shortcutsFor('index', role)[0]!.shortcuts.flatMap((s) => s.keys.map((k) => k.join('+')));
      const shortToLong: Record<string, string> = { PgDn: 'Page Down', PgUp: 'Page Up', Del: 'Delete' };
      for (const item of legendOf(indexingKeyMap, role)) {
        for (const key of item.keys) expect(listed, `${role}: ${key}`).toContain(shortToLong[key] ?? key);
      }
    }
  });

  it('lists in "?" the keys that work but were missing before (arrows, Home, End)', () => {
    const rows = shortcutsFor('index', 'clerk')[0]!.shortcuts;
    expect(rows.find((s) => s.action === 'Next page of the document')?.keys).toEqual([['Page Down'], ['↓'], ['J']]);
    expect(rows.find((s) => s.action === 'First / last page of the document')?.keys).toEqual([['Home'], ['End']]);
    expect(rows.find((s) => s.action === 'Turn the page anticlockwise')?.keys).toEqual([['Shift', 'R']]);
  });

  it('offers the page changes neither in the legend nor in "?" to a role that may not make them', () => {
    const reviewerLegend = legendOf(indexingKeyMap, 'reviewer').map((i) => i.action);
    const reviewerRows = shortcutsFor('index', 'reviewer')[0]!.shortcuts.map((s) => s.action);
    expect(reviewerLegend.includes('Split')).toBe(reviewerRows.includes('Split: new document from this page'));
    expect(reviewerRows).toContain('Override a blocking finding, with a reason');
    expect(shortcutsFor('index', 'clerk')[0]!.shortcuts.map((s) => s.action)).toContain('Ask a reviewer to override a blocking finding');
  });
});

describe('the "?" list', () => {
  // Six keys in one row squeezed the actions into a narrow column of broken lines (seen at 1366x768).
  it('keeps every row of the indexing screen and the batch viewer to four keys at the most', () => {
    for (const screen of ['index', 'batch'] as const) {
      for (const row of shortcutsFor(screen, 'admin')[0]!.shortcuts) expect(row.keys.length, `${screen}: ${row.action}`).toBeLessThanOrEqual(4);
    }
  });
});

describe('the batch viewer key map', () => {
  it('shows the legend it had, and sends N and n alike to the next document', () => {
    expect(legendOf(batchViewerKeyMap, 'clerk').map((i) => `${i.keys.join(' ')} ${i.action}`)).toEqual([
      'PgDn PgUp Page',
      '] [ Document',
      'B Barcodes',
      'T Text',
      '+ - Zoom',
      '0 Fit page',
      'W Fit width',
      'I Index',
      'Esc Back',
    ]);
    const { commands, calls } = recorder<BatchViewerCommands>();
    dispatchKey(batchViewerKeyMap, commands, press('N', { shiftKey: true }));
    dispatchKey(batchViewerKeyMap, commands, press('n'));
    expect(calls).toEqual(['nextDocument', 'nextDocument']);
    expect(shortcutsFor('batch', 'clerk')[0]!.shortcuts.find((s) => s.action === 'Next document')?.keys).toEqual([[']'], ['N']]);
  });

  it('passes a key on when its command did not use it', () => {
    const map: KeyMap<{ index(): boolean }> = [{ press: ['i'], action: 'Index', run: (c) => c.index() }];
    expect(dispatchKey(map, { index: () => false }, press('i'))).toBe(false);
    expect(dispatchKey(map, { index: () => true }, press('i'))).toBe(true);
  });
});
