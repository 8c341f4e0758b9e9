import { maxPagesPerFetch } from '../../shared/api/contract.js';
import { subscribe } from '../api/client.js';
import { pendingBatchChanges } from '../lib/batch-changes.js';
import { coalesce, oneAtATime, throttle } from '../lib/schedule.js';
import { busyCount, useStation } from './station.js';
import { useBatches } from './batches.js';
import { useConnection } from './connection.js';
import { useDelivery } from './delivery.js';
import { useIntake } from './intake.js';
import { useReview } from './review.js';
import { onUnlocked, useSession } from './session.js';
import { useIntegrity } from './integrity.js';
import { useOverrideRequests } from './override-requests.js';
import { useRescan } from './rescan.js';

/**
 * Keeps what is on screen current while someone is signed in: loads everything once, then
 * refetches on engine events (events carry ids only), after a reconnect (events may have been
 * missed), and, as a safety net, polls the station while files are being read.
 */
/**
 * Time between refetches of the open batch: half a second, and before a whole fetch 2 ms more for
 * each of its pages (1.5 s for 500). A fetch of the few pages recognition read is small.
 */
const detailGap = (partial: boolean) => 500 + (partial ? 0 : 2 * (useBatches.getState().detail?.pages.length ?? 0));

export const startLive = (): (() => void) => {
  const refreshBatches = coalesce(() => void useBatches.getState().loadList());
  const refreshStation = coalesce(() => void useStation.getState().load());
  const refreshIntake = coalesce(() => {
    const intake = useIntake.getState();
    if (intake.recordsLoaded) void intake.loadRecords();
    void intake.loadQuarantine();
  });
  // Recognition sends an event per page per step: refetch at most a couple of times a second.
  const refreshListForRecognition = throttle(() => void useBatches.getState().loadList(), 800);
  const refreshStationForRecognition = throttle(() => void useStation.getState().load(), 1000);
  // The outbox: every confirmation queues deliveries, every attempt moves one (a few events a second at most).
  const refreshDelivery = throttle(() => void useDelivery.getState().load(), 700);
  // The review queue, for those who review (the station refuses it to clerks).
  const mayReview = () => ['admin', 'reviewer'].includes(useSession.getState().user?.role ?? '');
  const refreshReview = throttle(() => {
    if (mayReview()) void useReview.getState().load();
  }, 700);
  // Override requests and the armed rescan mark follow every change to a batch's documents.
  const refreshRequests = throttle(() => useOverrideRequests.getState().refresh(), 700);
  const refreshRescan = coalesce(() => void useRescan.getState().load());
  const detailRefreshers = new Map<string, () => void>();
  const changes = pendingBatchChanges(maxPagesPerFetch);
  /** Fetches the open batch again: only `pageId` when that is all that changed (recognition), else all of it. */
  const refreshDetail = (batchId: string, pageId?: string) => {
    if (pageId === undefined) changes.whole(batchId);
    else changes.page(batchId, pageId);
    let refresh = detailRefreshers.get(batchId);
    if (!refresh) {
      // One fetch at a time, spaced: a 500-page box's detail is a large answer, and rebuilding the
      // screen from it twice a second made the page strip stutter while OCR ran. Recognition's
      // events name their page, and only those pages are fetched and put in place.
      refresh = oneAtATime(
        () => {
          const change = changes.take(batchId);
          const batches = useBatches.getState();
          return change.kind === 'pages' ? batches.refreshPages(batchId, change.pageIds) : batches.refreshDetail(batchId);
        },
        () => detailGap(changes.isPartial(batchId)),
      );
      detailRefreshers.set(batchId, refresh);
    }
    refresh();
  };
  const refreshAll = () => {
    refreshBatches();
    refreshStation();
    refreshIntake();
    refreshDelivery();
    refreshReview();
    refreshRequests();
    refreshRescan();
  };

  void useBatches.getState().loadList();
  void useStation.getState().load();
  void useIntake.getState().loadQuarantine();
  void useDelivery.getState().load();
  refreshReview();
  refreshRequests();
  refreshRescan();

  let lost = false;
  const unsubscribe = subscribe(
    (event) => {
      switch (event.type) {
        case 'batch.created':
          refreshBatches();
          refreshStation();
          break;
        case 'intake.recorded':
          refreshIntake();
          refreshStation();
          refreshRescan();
          if (event.outcome === 'ingested') refreshBatches();
          break;
        case 'station.changed':
          refreshStation();
          refreshRescan();
          break;
        case 'batch.changed':
        case 'delivery.changed':
          refreshDelivery();
          refreshReview();
          if (event.type === 'batch.changed') {
            refreshRequests();
            refreshRescan();
          }
          refreshListForRecognition();
          refreshStationForRecognition();
          if (useBatches.getState().detail?.id === event.batchId) refreshDetail(event.batchId);
          break;
        case 'storage.tampered':
          useIntegrity.getState().markTampered(event.pageId);
          break;
        case 'recognition.progress':
          refreshListForRecognition();
          refreshStationForRecognition();
          if (useBatches.getState().detail?.id === event.batchId) refreshDetail(event.batchId, event.pageId);
          break;
      }
    },
    (state) => {
      useConnection.setState({ state });
      // The station closes the event stream when the session ends or locks: find out which.
      if (state === 'reconnecting' && !lost) void useSession.getState().checkSession();
      if (state === 'reconnecting') lost = true;
      else if (state === 'open' && lost) {
        lost = false;
        refreshAll();
        const open = useBatches.getState().detail?.id;
        if (open) refreshDetail(open);
      }
    },
  );

  // What was refused while the screen was locked is fetched again; the stream reconnects by itself.
  const stopUnlocked = onUnlocked(() => {
    refreshAll();
    const open = useBatches.getState().detail?.id;
    if (open) refreshDetail(open);
  });

  const poll = setInterval(() => {
    const status = useStation.getState().status;
    if (busyCount(status) > 0 || (status && status.recognitionBacklog.fast + status.recognitionBacklog.ocr > 0)) refreshStation();
  }, 2000);

  return () => {
    stopUnlocked();
    unsubscribe();
    clearInterval(poll);
    useConnection.setState({ state: 'connecting' });
  };
};
