import { shortcutsFor } from '../lib/shortcuts.js';
import { useRouter } from '../stores/router.js';
import { useSession } from '../stores/session.js';
import { useUi } from '../stores/ui.js';
import { Dialog } from './Dialog.js';
import { ShortcutKeys } from './Keys.js';

export function ShortcutsOverlay() {
  const close = useUi((s) => s.closeShortcuts);
  const screen = useRouter((s) => s.route.name);
  const role = useSession((s) => s.user?.role);
  const groups = shortcutsFor(screen, role);

  return (
    <Dialog
      title="Keyboard shortcuts"
      className="dialog"
      onClose={close}
      onKeyDown={(e) => {
        // The key that opened the list closes it.
        if (e.key === '?') {
          e.preventDefault();
          e.stopPropagation();
          close();
        }
      }}
    >
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
    </Dialog>
  );
}
