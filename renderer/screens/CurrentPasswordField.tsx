import { useEffect, useRef, useState, type RefObject } from 'react';
import { TextField } from '../components/TextField.js';

export interface CurrentPassword {
  value: string;
  set(value: string): void;
  ref: RefObject<HTMLInputElement | null>;
  /** After a refused attempt: emptied and focused, so the clerk types it again without the mouse. */
  refused(): void;
}

/** The password of the person signing in or unlocking the screen; `focusOnMount` focuses it once it is on screen. */
export function useCurrentPassword({ focusOnMount = false } = {}): CurrentPassword {
  const [value, set] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  const refused = () => {
    set('');
    ref.current?.focus();
  };
  return { value, set, ref, refused };
}

export function CurrentPasswordField({ password, error }: { password: CurrentPassword; error: string | undefined }) {
  return (
    <TextField
      ref={password.ref}
      label="Password"
      name="password"
      type="password"
      autoComplete="current-password"
      value={password.value}
      onChange={(e) => password.set(e.target.value)}
      error={error}
    />
  );
}
