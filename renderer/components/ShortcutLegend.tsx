import { Fragment } from 'react';
import { useUi } from '../stores/ui.js';

/** The strip at the bottom of a screen: the few keys that matter here, and "?" for all. */
export function ShortcutLegend({ items }: { items: Array<{ keys: string[]; action: string }> }) {
  const openShortcuts = useUi((s) => s.openShortcuts);
  return (
    <footer className="legend" aria-label="Keyboard shortcuts">
      <ul className="legend-list">
        {items.map((item) => (
          <li key={item.action}>
            {item.keys.map((k, i) => (
              <Fragment key={k}>
                {i > 0 ? <span className="legend-slash">/</span> : null}
                <kbd>{k}</kbd>
              </Fragment>
            ))}
            <span>{item.action}</span>
          </li>
        ))}
      </ul>
      <button type="button" className="legend-more" onClick={openShortcuts}>
        <kbd>?</kbd> All shortcuts
      </button>
    </footer>
  );
}
