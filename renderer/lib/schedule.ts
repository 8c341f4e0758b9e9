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
  };
};
