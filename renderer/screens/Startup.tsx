import { Button } from '../components/Button.js';
import { Spinner } from '../components/Spinner.js';
import { useSession } from '../stores/session.js';
import { AuthLayout } from './AuthLayout.js';

export function Loading() {
  return (
    <main className="startup">
      <Spinner label="Starting ChartDesk…" />
    </main>
  );
}

export function Unavailable() {
  const loadError = useSession((s) => s.loadError);
  const load = useSession((s) => s.load);
  return (
    <AuthLayout title="The station cannot be reached">
      <p className="auth-intro" role="alert">
        {loadError}
      </p>
      <Button variant="primary" onClick={() => void load()}>
        Try again
      </Button>
    </AuthLayout>
  );
}
