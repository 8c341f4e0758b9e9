import { useEffect, useRef } from 'react';
import { dispatchKey, type KeyMap } from './key-map.js';

/** True when a key press belongs to a text field or another control that uses keys itself. */
export const isTypingTarget = (target: EventTarget | null): boolean => {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type);
  }
  return false;
};

/** Buttons and links handle Enter and Space themselves. */
export const isActivatableTarget = (target: EventTarget | null): boolean => target instanceof HTMLElement && (target.tagName === 'BUTTON' || target.tagName === 'A' || target.tagName === 'SUMMARY');

const hasModifier = (event: KeyboardEvent) => event.ctrlKey || event.metaKey || event.altKey;

export type KeyHandler = (event: KeyboardEvent) => boolean | void;

/**
 * Listens for keys on the document while the component is mounted. The handler returns true
 * when it used the key (the default action is then prevented). Keys typed into fields and
 * keys with Ctrl/Cmd/Alt are not passed on unless `withModifiers` is set.
 */
export const useKeys = (handler: KeyHandler, options: { withModifiers?: boolean; enabled?: boolean } = {}) => {
  const ref = useRef(handler);
  ref.current = handler;
  const { withModifiers = false, enabled = true } = options;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (isTypingTarget(event.target)) return;
      if (!withModifiers && hasModifier(event)) return;
      // An open dialog owns the keyboard.
      if (document.querySelector('[aria-modal="true"]')) return;
      if (ref.current(event) === true) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [withModifiers, enabled]);
};

/**
 * A screen's key map, listening on the document while the screen is mounted. The second key of
 * "G B" and the like belongs to the global shortcuts, so a pending sequence passes it over.
 */
export const useKeyMap = <Commands>(map: KeyMap<Commands>, commands: Commands, options: { withModifiers?: boolean; enabled?: boolean } = {}) =>
  useKeys((event) => !keySequencePending() && dispatchKey(map, commands, event), options);

/**
 * "G then a letter" sequences: while one is pending, screens leave the next letter alone
 * (the batch viewer's B would otherwise take the B of "G B").
 */
let sequenceStartedAt = 0;
export const startKeySequence = (now = Date.now()) => {
  sequenceStartedAt = now;
};
export const endKeySequence = () => {
  sequenceStartedAt = 0;
};
export const keySequencePending = (now = Date.now()) => now - sequenceStartedAt < 1500;
