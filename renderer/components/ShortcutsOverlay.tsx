import { useEffect, useRef } from 'react';
import { shortcutsFor } from '../lib/shortcuts.js';
import { useRouter } from '../stores/router.js';
import { useSession } from '../stores/session.js';
import { useUi } from '../stores/ui.js';
import { IconButton } from './Button.js';
import { ShortcutKeys } from './Keys.js';

export function ShortcutsOverlay() {
  const close = useUi((s) => s.closeShortcuts);
  const screen = useRouter((s) => s.route.name);
  const role = useSession((s) => s.user?.role);
  const groups = shortcutsFor(screen, role);
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
            // Keep focus inside the dialog: the close button and the list.
            e.preventDefault();
            const stops = [...(dialogRef.current?.querySelectorAll<HTMLElement>('button, [tabindex="0"]') ?? [])];
            const at = stops.indexOf(document.activeElement as HTMLElement);
            stops[(at + (e.shiftKey ? -1 : 1) + stops.length) % stops.length]?.focus();
          }
        }}
      >
        <header className="dialog-header">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <IconButton icon="close" aria-label="Close" onClick={close} />
        </header>
        {/* Focusable: the list scrolls on small screens, and the arrow keys must reach it. */}
        <div className="dialog-body shortcut-groups" tabIndex={0} role="region" aria-label="Shortcuts of this screen">
          {groups.map((group) => (
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
