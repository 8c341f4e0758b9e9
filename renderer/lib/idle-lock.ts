import { useEffect, useLayoutEffect, useRef } from 'react';

/** What counts as someone at the desk. Mouse movement counts: a reader scrolling a page is working. */
const activityEvents = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Calls `onIdle` once nobody has used the keyboard or mouse for `idleMs`, and `onActive` (at
 * most every `reportEveryMs`) while someone does. One timer, re-armed from the last activity
 * rather than on every mouse move.
 */
export function useIdleTimer(options: { idleMs: number; enabled: boolean; onIdle: () => void; onActive: () => void; reportEveryMs: number }): void {
  const callbacks = useRef(options);
  callbacks.current = options;
  const { idleMs, enabled, reportEveryMs } = options;

  useEffect(() => {
    if (!enabled) return;
    let lastActivity = Date.now();
    let lastReport = lastActivity;
    let timer: ReturnType<typeof setTimeout>;
    const arm = (delay: number) => {
      timer = setTimeout(check, Math.max(0, delay));
    };
    const check = () => {
      const idleFor = Date.now() - lastActivity;
      if (idleFor >= idleMs) callbacks.current.onIdle();
      else arm(idleMs - idleFor);
    };
    const onActivity = () => {
      lastActivity = Date.now();
      if (lastActivity - lastReport >= reportEveryMs) {
        lastReport = lastActivity;
        callbacks.current.onActive();
      }
    };
    for (const type of activityEvents) window.addEventListener(type, onActivity, { capture: true, passive: true });
    arm(idleMs);
    return () => {
      clearTimeout(timer);
      for (const type of activityEvents) window.removeEventListener(type, onActivity, { capture: true });
    };
  }, [idleMs, enabled, reportEveryMs]);
}

/** Marks the lock screen, whose own fields are not the work to come back to. */
export const lockScreenAttribute = 'data-lock-screen';

type TextControl = HTMLInputElement | HTMLTextAreaElement;
const isTextControl = (element: Element): element is TextControl => element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement;

/**
 * Puts the keyboard focus, and the caret inside a text field, back where they were when the
 * screen was locked: the clerk goes on typing mid-word after unlocking. The element is tracked
 * as focus moves, because once the workspace turns inert the browser takes the focus from it.
 */
export function useFocusKept(locked: boolean): void {
  const lastFocused = useRef<HTMLElement | null>(null);
  const kept = useRef<{ element: HTMLElement; selection: [number, number] | null } | null>(null);

  useEffect(() => {
    const onFocusIn = (event: FocusEvent) => {
      const target = event.target;
      if (target instanceof HTMLElement && !target.closest(`[${lockScreenAttribute}]`)) lastFocused.current = target;
    };
    document.addEventListener('focusin', onFocusIn);
    return () => document.removeEventListener('focusin', onFocusIn);
  }, []);

  useLayoutEffect(() => {
    if (locked) {
      const element = lastFocused.current;
      if (!element || !element.isConnected) return;
      // A text control keeps its selection after losing focus: read it now, before anything can move it.
      const selection = isTextControl(element) && element.selectionStart !== null && element.selectionEnd !== null ? ([element.selectionStart, element.selectionEnd] as [number, number]) : null;
      kept.current = { element, selection };
      return;
    }
    const previous = kept.current;
    kept.current = null;
    if (!previous || !previous.element.isConnected) return;
    previous.element.focus({ preventScroll: true });
    if (previous.selection && isTextControl(previous.element)) previous.element.setSelectionRange(...previous.selection);
  }, [locked]);
}
