import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { Button, IconButton } from './Button.js';

/** What Tab stops at inside a dialog: one stop per group of radio buttons, as the browser does. */
const FOCUS_STOPS = 'input:not([type="radio"]), input[type="radio"]:checked, textarea, select, button:not(:disabled), [tabindex="0"]';

/**
 * The modal frame every dialog shares: an overlay that closes on a click outside, a titled
 * box that takes the focus (the element marked `data-autofocus`, else the box itself), keeps
 * Tab inside, closes on Escape, and gives the focus back to where it was on closing. With
 * `onSubmit` the box is a form, so Enter in a field submits it.
 */
export function Dialog({
  title,
  onClose,
  onSubmit,
  onKeyDown,
  role = 'dialog',
  className = 'dialog dialog-narrow',
  describedBy,
  children,
}: {
  title: ReactNode;
  onClose(): void;
  onSubmit?(event: FormEvent): void;
  /** Keys of this dialog, seen first; one it prevents the default of is not handled again here. */
  onKeyDown?(event: KeyboardEvent<HTMLElement>): void;
  role?: 'dialog' | 'alertdialog';
  className?: string;
  describedBy?: string;
  /** The body (`dialog-body`) under the header. */
  children: ReactNode;
}) {
  const titleId = useId();
  const boxRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (boxRef.current?.querySelector<HTMLElement>('[data-autofocus]') ?? boxRef.current)?.focus();
    return () => previous?.focus();
  }, []);

  const keyDown = (event: KeyboardEvent<HTMLElement>) => {
    onKeyDown?.(event);
    if (event.defaultPrevented) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Tab') {
      const stops = [...(boxRef.current?.querySelectorAll<HTMLElement>(FOCUS_STOPS) ?? [])];
      const at = stops.indexOf(document.activeElement as HTMLElement);
      const next = stops[(at + (event.shiftKey ? -1 : 1) + stops.length) % stops.length];
      if (next) {
        event.preventDefault();
        next.focus();
      }
    }
  };

  const box = {
    className,
    role,
    'aria-modal': true,
    'aria-labelledby': titleId,
    'aria-describedby': describedBy,
    tabIndex: -1,
    onKeyDown: keyDown,
    children: (
      <>
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <IconButton icon="close" aria-label="Close" onClick={onClose} />
        </header>
        {children}
      </>
    ),
  } as const;

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      {onSubmit ? <form {...box} ref={boxRef as RefObject<HTMLFormElement>} onSubmit={onSubmit} noValidate /> : <div {...box} ref={boxRef as RefObject<HTMLDivElement>} />}
    </div>
  );
}

/** Cancel, then the dialog's own action, at the foot of its body. */
export function DialogActions({ onCancel, children }: { onCancel(): void; children: ReactNode }) {
  return (
    <div className="dialog-actions">
      <Button onClick={onCancel}>Cancel</Button>
      {children}
    </div>
  );
}
