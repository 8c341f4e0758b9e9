import { mayCall } from '../../shared/api/access.js';
import type { MethodName } from '../../shared/api/contract.js';
import type { Role } from '../../shared/domain/user.js';
import { useSession } from '../stores/session.js';
import { intakeListLimit, useIntake } from '../stores/intake.js';
import { batchListLimit, useBatches } from '../stores/batches.js';
import { hrefOf, sectionOf, sectionRoute, useRouter, type Section } from '../stores/router.js';
import { sectionKeys } from '../lib/shortcuts.js';
import { Icon, type IconName } from './Icon.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { useDelivery } from '../stores/delivery.js';
import { useReview } from '../stores/review.js';
import { backlogOf, backlogText } from '../lib/delivery.js';
import { useOverrideRequests } from '../stores/override-requests.js';
import { OverrideAnswersBadge } from './OverrideAnswers.js';

const items: Array<{ section: Section; label: string; icon: IconName; alt: string }> = [
  { section: 'batches', label: 'Batches', icon: 'batches', alt: 'Alt+1' },
  { section: 'intake', label: 'Intake', icon: 'intake', alt: 'Alt+2' },
  { section: 'quarantine', label: 'Quarantine', icon: 'quarantine', alt: 'Alt+3' },
  { section: 'delivery', label: 'Delivery', icon: 'delivery', alt: 'Alt+5' },
  { section: 'review', label: 'QC review', icon: 'review', alt: 'Alt+6' },
  { section: 'reports', label: 'Reports', icon: 'reports', alt: 'Alt+7' },
  { section: 'corrections', label: 'Corrections', icon: 'restore', alt: 'Alt+8' },
  { section: 'settings', label: 'Settings', icon: 'settings', alt: 'Alt+4' },
];

/** A section the role's account cannot read is not offered (QC review, Reports and Corrections are for reviewers and administrators). */
const sectionNeeds: Partial<Record<Section, MethodName>> = { review: 'review.queue', reports: 'reports.summary', corrections: 'corrections.policy' };
const mayOpen = (section: Section, role: Role | undefined) => {
  const needs = sectionNeeds[section];
  return !needs || mayCall(role, needs);
};

const countText = (n: number, limit: number) => (n >= limit ? `${limit}+` : String(n));

export function Sidebar() {
  const route = useRouter((s) => s.route);
  const current = sectionOf(route);
  const user = useSession((s) => s.user);
  const stationName = useSession((s) => s.stationName);
  const signOut = useSession((s) => s.signOut);
  const batchCount = useBatches((s) => (s.loaded ? s.batches.length : null));
  // Entries an administrator has not dealt with yet (the station counts them).
  const quarantineCount = useIntake((s) => (s.entriesLoaded ? s.unhandled : null));
  const backlog = backlogOf(useDelivery((s) => s.overview?.counts));
  const unsent = backlog ? backlog.waiting + backlog.failed : 0;
  const awaitingReview = useReview((s) => s.entries.reduce((n, e) => n + e.awaiting, 0));
  const overridesRequested = useOverrideRequests((s) => s.queue.length);
  const forReviewers = awaitingReview + overridesRequested;

  const counts: Partial<Record<Section, { text: string; label: string; alert?: boolean; title?: string } | null>> = {
    batches: batchCount ? { text: countText(batchCount, batchListLimit), label: `${batchCount} batches` } : null,
    quarantine: quarantineCount !== null && quarantineCount > 0 ? { text: countText(quarantineCount, intakeListLimit), label: `${quarantineCount} files in quarantine`, alert: true } : null,
    // Documents confirmed but not yet in the repository; red as soon as one failed.
    review: forReviewers ? { text: String(forReviewers), label: `${awaitingReview} documents awaiting review${overridesRequested ? `, ${overridesRequested} override requests` : ''}` } : null,
    delivery: backlog && unsent > 0 ? { text: String(unsent), label: backlogText(backlog), alert: backlog.failed > 0, title: backlogText(backlog) } : null,
  };

  return (
    <aside className="sidebar">
      <div className="brand" title={stationName ? `ChartDesk · ${stationName}` : 'ChartDesk'}>
        <span className="brand-mark" aria-hidden="true">
          CD
        </span>
        <span className="brand-text">
          <span className="brand-name">ChartDesk</span>
          {stationName ? <span className="brand-station">{stationName}</span> : null}
        </span>
      </div>
      <nav aria-label="Main" className="nav">
        <ul>
          {items
            .filter((item) => mayOpen(item.section, user?.role))
            .map((item) => {
              const count = counts[item.section];
              return (
                <li key={item.section}>
                  <a
                    href={hrefOf(sectionRoute(item.section))}
                    className="nav-link"
                    aria-current={current === item.section ? 'page' : undefined}
                    aria-keyshortcuts={item.alt}
                    title={`${item.label} (${sectionKeys[item.section]})`}
                  >
                    <Icon name={item.icon} />
                    <span className="nav-label">{item.label}</span>
                    {item.section === 'batches' ? <OverrideAnswersBadge /> : null}
                    {count ? (
                      <span className={`nav-count${count.alert ? ' nav-count-alert' : ''}`} aria-label={count.label} title={count.title}>
                        {count.text}
                      </span>
                    ) : null}
                    <span className="nav-keys" aria-hidden="true">
                      {sectionKeys[item.section]}
                    </span>
                  </a>
                </li>
              );
            })}
        </ul>
      </nav>
      <div className="sidebar-foot">
        <ConnectionIndicator />
        {user ? (
          <div className="user">
            <span className="user-avatar" aria-hidden="true" title={`${user.displayName} (${user.username} · ${user.role})`}>
              {initials(user.displayName)}
            </span>
            <span className="user-text">
              <span className="user-name">{user.displayName}</span>
              <span className="user-role">
                {user.username} · {user.role}
              </span>
            </span>
          </div>
        ) : null}
        <button type="button" className="btn btn-ghost btn-sm signout" onClick={() => void signOut()}>
          <Icon name="signOut" size={16} />
          <span className="signout-label">Sign out</span>
        </button>
      </div>
    </aside>
  );
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('') || '?';
