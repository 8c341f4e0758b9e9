import { useEffect, useRef } from 'react';
import { shortcutGroups } from '../lib/shortcuts.js';
import { useUi } from '../stores/ui.js';
import { IconButton } from './Button.js';
import { ShortcutKeys } from './Keys.js';

export function ShortcutsOverlay() {
  const close = useUi((s) => s.closeShortcuts);
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialogRef.current?.focus();
    return () => previous?.focus();
  }, []);

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={dialogRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === '?') {
            e.preventDefault();
            e.stopPropagation();
            close();
          } else if (e.key === 'Tab') {
            // Keep focus inside the dialog.
            e.preventDefault();
            dialogRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
          }
        }}
      >
        <header className="dialog-header">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <IconButton icon="close" aria-label="Close" onClick={close} />
        </header>
        <div className="dialog-body shortcut-groups">
          {shortcutGroups.map((group) => (
            <section key={group.title} className="shortcut-group">
              <h3>{group.title}</h3>
              <table className="shortcut-table">
                <tbody>
                  {group.shortcuts.map((s) => (
                    <tr key={s.action}>
                      <th scope="row">{s.action}</th>
                      <td>
                        <ShortcutKeys shortcut={s} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
