import { useEffect, useRef } from 'react';
import { ArmedRescanStrip } from './components/ArmedRescanStrip.js';
import { ShortcutsOverlay } from './components/ShortcutsOverlay.js';
import { Sidebar } from './components/Sidebar.js';
import { useFocusKept, useIdleTimer } from './lib/idle-lock.js';
import { endKeySequence, keySequencePending, startKeySequence, useKeys } from './lib/keys.js';
import { BatchViewer } from './screens/batch-viewer/BatchViewer.js';
import { CorrectionEditor } from './screens/CorrectionEditor.js';
import { Corrections } from './screens/Corrections.js';
import { Batches } from './screens/Batches.js';
import { Delivery } from './screens/Delivery.js';
import { FirstRun } from './screens/FirstRun.js';
import { Indexing } from './screens/indexing/Indexing.js';
import { Intake } from './screens/Intake.js';
import { LockScreen } from './screens/LockScreen.js';
import { Quarantine } from './screens/Quarantine.js';
import { Reports } from './screens/Reports.js';
import { ReviewBatchScreen } from './screens/ReviewBatch.js';
import { ReviewQueue } from './screens/ReviewQueue.js';
import { Settings } from './screens/Settings.js';
import { SignIn } from './screens/SignIn.js';
import { Loading, Unavailable } from './screens/Startup.js';
import { startLive } from './stores/live.js';
import { navigate, sectionRoute, useRouter, type Section } from './stores/router.js';
import { useSession } from './stores/session.js';
import { useUi } from './stores/ui.js';

export function App() {
  const phase = useSession((s) => s.phase);
  const load = useSession((s) => s.load);

  useEffect(() => {
    void load();
  }, [load]);

  switch (phase) {
    case 'loading':
      return <Loading />;
    case 'unavailable':
      return <Unavailable />;
    case 'setup':
      return <FirstRun />;
    case 'signed-out':
      return <SignIn />;
    case 'signed-in':
      return <SignedIn />;
  }
}

/** How often activity is reported to the station, which locks a session it has not heard from (see Accounts). */
const ACTIVITY_REPORT_MS = 60_000;

function SignedIn() {
  const locked = useSession((s) => s.locked);
  const idleLockSeconds = useSession((s) => s.idleLockSeconds);
  const lock = useSession((s) => s.lock);
  const checkSession = useSession((s) => s.checkSession);

  useIdleTimer({
    idleMs: idleLockSeconds * 1000,
    enabled: !locked,
    onIdle: () => void lock(),
    onActive: () => void checkSession(),
    reportEveryMs: ACTIVITY_REPORT_MS,
  });
  useFocusKept(locked);

  return (
    <>
      <Workspace locked={locked} />
      {locked ? <LockScreen /> : null}
    </>
  );
}

const sequenceKeys: Record<string, Section> = { b: 'batches', i: 'intake', q: 'quarantine', d: 'delivery', r: 'review', p: 'reports', s: 'settings', c: 'corrections' };
const altDigits: Record<string, Section> = {
  Digit1: 'batches',
  Digit2: 'intake',
  Digit3: 'quarantine',
  Digit4: 'settings',
  Digit5: 'delivery',
  Digit6: 'review',
  Digit7: 'reports',
  Digit8: 'corrections',
};

function Workspace({ locked }: { locked: boolean }) {
  const route = useRouter((s) => s.route);
  const shortcutsOpen = useUi((s) => s.shortcutsOpen);
  const openShortcuts = useUi((s) => s.openShortcuts);

  useEffect(() => startLive(), []);

  // Shortcuts that work on every screen: "g" then a letter, Alt+1..5, and "?".
  useKeys(
    (event) => {
      if (event.altKey && !event.ctrlKey && !event.metaKey) {
        const section = altDigits[event.code];
        if (!section) return false;
        navigate(sectionRoute(section));
        return true;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return false;
      if (event.key === '?') {
        openShortcuts();
        return true;
      }
      if (keySequencePending()) {
        endKeySequence();
        const section = sequenceKeys[event.key.toLowerCase()];
        if (section) {
          navigate(sectionRoute(section));
          return true;
        }
      }
      if (event.key === 'g' || event.key === 'G') {
        startKeySequence();
        return true;
      }
      return false;
    },
    { withModifiers: true },
  );

  // When the old screen took the focus with it, put it on the new screen (keys keep working).
  const mainRef = useRef<HTMLElement>(null);
  const screenKey = route.name === 'batch' ? `batch:${route.batchId}` : route.name === 'index' ? `index:${route.batchId}` : route.name === 'review-batch' ? `review:${route.batchId}` : route.name;
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) mainRef.current?.focus({ preventScroll: true });
  }, [screenKey]);

  return (
    // Inert while locked: nothing under the lock screen can be focused, clicked or read aloud.
    <div className="app" inert={locked}>
      <Sidebar />
      <main ref={mainRef} className="main" tabIndex={-1}>
        <ArmedRescanStrip />
        {route.name === 'batches' ? (
          <Batches />
        ) : route.name === 'batch' ? (
          <BatchViewer batchId={route.batchId} page={route.page} />
        ) : route.name === 'index' ? (
          <Indexing batchId={route.batchId} documentId={route.documentId} />
        ) : route.name === 'intake' ? (
          <Intake />
        ) : route.name === 'quarantine' ? (
          <Quarantine entryId={route.entryId} />
        ) : route.name === 'delivery' ? (
          <Delivery />
        ) : route.name === 'review' ? (
          <ReviewQueue />
        ) : route.name === 'review-batch' ? (
          <ReviewBatchScreen batchId={route.batchId} documentId={route.documentId} />
        ) : route.name === 'reports' ? (
          <Reports />
        ) : route.name === 'corrections' ? (
          <Corrections />
        ) : route.name === 'correction' ? (
          <CorrectionEditor correctionId={route.correctionId} />
        ) : (
          <Settings />
        )}
      </main>
      {shortcutsOpen ? <ShortcutsOverlay /> : null}
    </div>
  );
}
