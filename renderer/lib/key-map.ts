import { mayCall } from '../../shared/api/access.js';
import type { MethodName } from '../../shared/api/contract.js';
import type { Role } from '../../shared/domain/user.js';
import type { Shortcut } from './shortcuts.js';

/**
 * A screen's keys as data. One list serves three readers: the key handler dispatches from it,
 * the "?" overlay lists it, and the legend at the bottom of the screen shows the entries that
 * carry a `legend` label. A key therefore cannot work without being listed, nor be listed
 * without working.
 *
 * A press is written as `KeyboardEvent.key`, after optional `Ctrl+` and `Alt+` ("j", "R" (that
 * is Shift+R), "PageDown", "Ctrl+Enter", "Alt+ArrowUp"). `Ctrl` also stands for Cmd on a Mac.
 */
export interface KeyBinding<Commands> {
  press: readonly string[];
  /**
   * Presses that also work but are not listed, because they are a listed key by another name:
   * "=" is the "+" key without Shift. Listing them made the "?" rows too wide to read.
   */
  also?: readonly string[];
  /** What "?" says the key does. */
  action: string;
  /** Offered only to roles that may call this method (the contract's access rules, see mayCall). */
  needs?: MethodName;
  /** Not offered to roles that may call this one (they have a stronger key for the same thing). */
  unless?: MethodName;
  /** Shown in the legend at the bottom of the screen under this word; entries with the same word share one item. */
  legend?: string;
  /** Also works while the focus is in a text field, for the presses that type nothing (F-keys, Ctrl+...). */
  inFields?: boolean;
  /**
   * What the key does. Without it the key is only documented: a control handles it itself
   * (the fields' own arrows, the focused "next batch" button's Enter). Returns false when the
   * key was not used after all.
   */
  run?: (commands: Commands, press: string) => boolean | void;
}

export type KeyMap<Commands> = readonly KeyBinding<Commands>[];

/** The parts of a key event the key map looks at (a DOM event or React's). */
export interface KeyPressEvent {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

interface ParsedPress {
  ctrl: boolean;
  alt: boolean;
  key: string;
}

const parse = (press: string): ParsedPress => {
  let rest = press;
  let ctrl = false;
  let alt = false;
  for (;;) {
    if (rest.startsWith('Ctrl+') && rest.length > 5) {
      ctrl = true;
      rest = rest.slice(5);
    } else if (rest.startsWith('Alt+') && rest.length > 4) {
      alt = true;
      rest = rest.slice(4);
    } else return { ctrl, alt, key: rest };
  }
};

/**
 * Whether an event is this press. Without Ctrl or Alt the key is compared as typed, so "r" and
 * "R" (Shift+R) are different keys. With them, letters are compared in either case and Shift must
 * be up: Ctrl+Shift+Z is not Ctrl+Z.
 */
export const pressMatches = (press: string, event: KeyPressEvent): boolean => {
  const p = parse(press);
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl !== p.ctrl || event.altKey !== p.alt) return false;
  if (!p.ctrl && !p.alt) return event.key === p.key;
  return !event.shiftKey && event.key.toLowerCase() === p.key.toLowerCase();
};

/** Keys that type nothing into a field, so a field may pass them on. */
const typesNothing = (press: string) => {
  const p = parse(press);
  return p.ctrl || p.alt || /^F\d{1,2}$/.test(p.key);
};

/**
 * Runs the first entry with a press that matches the event. True when a key was used.
 * `inField`: the event comes from a text field, where only `inFields` entries' presses that type
 * nothing apply.
 */
export function dispatchKey<Commands>(map: KeyMap<Commands>, commands: Commands, event: KeyPressEvent, inField = false): boolean {
  for (const binding of map) {
    if (!binding.run || (inField && !binding.inFields)) continue;
    const press = [...binding.press, ...(binding.also ?? [])].find((p) => pressMatches(p, event) && (!inField || typesNothing(p)));
    if (press === undefined) continue;
    return binding.run(commands, press) !== false;
  }
  return false;
}

const keyNames: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  PageUp: 'Page Up',
  PageDown: 'Page Down',
  Escape: 'Esc',
  ' ': 'Space',
};
const shortNames: Record<string, string> = { 'Page Up': 'PgUp', 'Page Down': 'PgDn', Delete: 'Del' };

/** A press as the keys on the keyboard: "R" is ["Shift", "R"], "Alt+ArrowUp" is ["Alt", "↑"]. */
export const pressKeys = (press: string): string[] => {
  const p = parse(press);
  const shifted = p.key.length === 1 && p.key !== p.key.toLowerCase();
  const name = keyNames[p.key] ?? (p.key.length === 1 ? p.key.toUpperCase() : p.key);
  return [...(p.ctrl ? ['Ctrl'] : []), ...(p.alt ? ['Alt'] : []), ...(shifted && !p.ctrl && !p.alt ? ['Shift'] : []), name];
};

/** The "?" overlay's rows: every entry, its presses as keys; a letter bound in both cases ("n", "N") is one key. */
export function shortcutsOf<Commands>(map: KeyMap<Commands>): Shortcut[] {
  return map.map((b) => {
    const keys: string[][] = [];
    for (const press of b.press) {
      const eitherCase = press.length === 1 && press !== press.toLowerCase() && b.press.includes(press.toLowerCase());
      if (eitherCase) continue;
      const k = pressKeys(press);
      if (!keys.some((seen) => seen.join('+') === k.join('+'))) keys.push(k);
    }
    return { keys, action: b.action, ...(b.needs ? { needs: b.needs } : {}), ...(b.unless ? { unless: b.unless } : {}) };
  });
}

/** Whether a role is offered an entry (the same rule for "?" and the legend). */
export const offeredTo = (role: Role | null | undefined, entry: { needs?: MethodName; unless?: MethodName }) =>
  (!entry.needs || mayCall(role, entry.needs)) && !(entry.unless && mayCall(role, entry.unless));

export interface LegendItem {
  keys: string[];
  action: string;
}

/** The legend at the bottom of the screen: each entry's first press, short, grouped by legend word, for the role. */
export function legendOf<Commands>(map: KeyMap<Commands>, role: Role | null | undefined): LegendItem[] {
  const items: LegendItem[] = [];
  for (const b of map) {
    if (!b.legend || !offeredTo(role, b) || b.press.length === 0) continue;
    const key = pressKeys(b.press[0]!)
      .map((k) => shortNames[k] ?? k)
      .join('+');
    const item = items.find((i) => i.action === b.legend);
    if (item) item.keys.push(key);
    else items.push({ keys: [key], action: b.legend });
  }
  return items;
}
