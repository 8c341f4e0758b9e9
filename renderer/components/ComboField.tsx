import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';

export interface ComboOption {
  key: string;
  /** The option's accessible name (what a screen reader reads). */
  name: string;
  content: ReactNode;
}

/**
 * A text field with a list that follows what is typed (the ARIA combobox pattern): ↑/↓ move
 * through the list, Enter takes the highlighted option (or the typed text), Escape leaves the
 * field. Nothing is chosen by typing alone.
 */
export function ComboField({
  label,
  inputRef,
  query,
  onQuery,
  options,
  onPick,
  onEnterText,
  onLeave,
  onKeyDown,
  placeholder,
  hint,
  error,
  status,
  disabled = false,
  listLabel,
  shortcut,
  highlightFirst = true,
  className,
}: {
  label: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
  query: string;
  onQuery(query: string): void;
  options: ComboOption[];
  onPick(key: string): void;
  /** Enter with no option highlighted. */
  onEnterText?(text: string): void;
  /** Escape, or after a pick: give the keyboard back to the screen. */
  onLeave(): void;
  /** Keys the field does not use itself (e.g. F2-F4 to jump to another field). */
  onKeyDown?(event: KeyboardEvent<HTMLInputElement>): boolean;
  placeholder?: string;
  hint?: ReactNode;
  error?: string | null;
  /** A sentence about the list (searching, no match), read out politely. */
  status?: ReactNode;
  disabled?: boolean;
  listLabel: string;
  shortcut?: string;
  /** Highlight the first option as the list changes, so Enter takes it. */
  highlightFirst?: boolean;
  className?: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState<number>(-1);
  const listRef = useRef<HTMLUListElement>(null);
  const optionKeys = options.map((o) => o.key).join('\u0000');

  useEffect(() => {
    setActive(highlightFirst && options.length > 0 ? 0 : -1);
    // The options' keys, not the array: a re-render with the same list keeps the highlight.
  }, [optionKeys, highlightFirst, options.length]);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  // A field disabled while it has the focus loses it without a blur event: forget the focus then,
  // or its list would open again, over the panel, once the field is enabled.
  useEffect(() => {
    if (disabled) setFocused(false);
  }, [disabled]);

  const open = focused && !disabled && (options.length > 0 || Boolean(status));
  const activeKey = active >= 0 ? options[active]?.key : undefined;

  const keyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (onKeyDown?.(event)) {
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case 'ArrowDown':
        if (options.length === 0) return;
        event.preventDefault();
        setActive((a) => (a + 1) % options.length);
        return;
      case 'ArrowUp':
        if (options.length === 0) return;
        event.preventDefault();
        setActive((a) => (a <= 0 ? options.length - 1 : a - 1));
        return;
      case 'Enter':
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        event.preventDefault();
        if (activeKey !== undefined) onPick(activeKey);
        else onEnterText?.(query);
        return;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        onLeave();
        return;
    }
  };

  return (
    <div className={`field combo${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="field-label combo-label">
        {label}
        {shortcut ? <kbd className="combo-kbd">{shortcut}</kbd> : null}
      </label>
      <div className="combo-box">
        <input
          ref={inputRef}
          id={id}
          className="input"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && activeKey !== undefined ? `${id}-opt-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          aria-keyshortcuts={shortcut}
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          value={query}
          disabled={disabled}
          onChange={(e) => onQuery(e.target.value)}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onKeyDown={keyDown}
        />
        <div className="combo-popup" hidden={!open}>
          {status ? (
            <p className="combo-status" role="status">
              {status}
            </p>
          ) : null}
          <ul ref={listRef} id={listId} className="combo-list" role="listbox" aria-label={listLabel}>
            {options.map((o, i) => (
              <li
                key={o.key}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                aria-label={o.name}
                className="combo-option"
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => onPick(o.key)}
              >
                {o.content}
              </li>
            ))}
          </ul>
        </div>
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      {hint ? <p className="field-hint">{hint}</p> : null}
    </div>
  );
}
