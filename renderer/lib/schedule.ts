/** Runs `fn` once after a burst of calls settles (events often come in bursts). */
export const coalesce = (fn: () => void, ms = 120): (() => void) => {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
};

/** Hands out increasing numbers so that a store can drop answers to requests it has since superseded. */
export const requestCounter = () => {
  let latest = 0;
  return {
    next: () => ++latest,
    isLatest: (n: number) => n === latest,
    /** Runs `request`; its answer, or undefined when a later request started while it was out. */
    async latest<T>(request: () => Promise<T>): Promise<T | undefined> {
      const n = ++latest;
      const answer = await request();
      return n === latest ? answer : undefined;
    },
  };
};

/**
 * Runs `fn` at most once per `ms` while calls keep coming, and once more after the last call
 * (so the final state is always fetched). For steady streams such as recognition progress:
 * a 20-page batch sends about 40 events.
 */
export const throttle = (fn: () => void, ms = 600): (() => void) => {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(
      () => {
        timer = null;
        last = Date.now();
        fn();
      },
      Math.max(wait, 60),
    );
  };
};

/**
 * Runs an async refresh with at most one in flight, no sooner than `gap(ms)` after the previous
 * one started, and once more after it if anything asked while it ran or waited: the last call is
 * always followed by a refresh that starts after it. For a refetch whose answer is large (a
 * 500-page batch's detail): `throttle` alone starts a new fetch every interval even while the
 * last one is still out, and each answer rebuilds the screen.
 */
export const oneAtATime = (refresh: () => Promise<void>, gap: () => number): (() => void) => {
  let running = false;
  let wanted = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastStart = -Infinity;
  const start = () => {
    timer = null;
    wanted = false;
    running = true;
    lastStart = Date.now();
    void refresh()
      .catch(() => {})
      .finally(() => {
        running = false;
        if (wanted) schedule();
      });
  };
  const schedule = () => {
    if (running || timer) return;
    timer = setTimeout(start, Math.max(0, lastStart + gap() - Date.now()));
  };
  return () => {
    wanted = true;
    schedule();
  };
};
