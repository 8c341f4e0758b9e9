import { Fragment } from 'react';
import type { Shortcut } from '../lib/shortcuts.js';

/** One way of pressing a shortcut: ["G","B"] is "G then B"; ["Alt","1"] is "Alt+1". */
export function KeySequence({ keys }: { keys: string[] }) {
  const chord = keys[0] === 'Alt' || keys[0] === 'Ctrl' || keys[0] === 'Shift';
  return (
    <span className="keyseq">
      {keys.map((key, i) => (
        <Fragment key={i}>
          {i > 0 ? <span className="keyseq-sep">{chord ? '+' : ' '}</span> : null}
          <kbd>{key}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

export function ShortcutKeys({ shortcut }: { shortcut: Shortcut }) {
  return (
    <span className="shortcut-keys">
      {shortcut.keys.map((seq, i) => (
        <Fragment key={i}>
          {i > 0 ? <span className="shortcut-or">or</span> : null}
          <KeySequence keys={seq} />
        </Fragment>
      ))}
    </span>
  );
}
