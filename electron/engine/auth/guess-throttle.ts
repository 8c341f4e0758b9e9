/**
 * One password check at a time per account. Without it, parallel guesses all read the account
 * before any failure is counted, so a burst of 45 guesses meets a limit of 5 with the count
 * still at 0. Keyed by the name typed (folded to lower case, as usernames are unique in any
 * case), so unknown names queue the same way and take the same time as real ones.
 */
export class GuessThrottle {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `check` after every earlier check for this key has finished. */
  run<T>(key: string, check: () => Promise<T>): Promise<T> {
    const folded = key.normalize('NFKC').toLowerCase();
    const before = this.tails.get(folded) ?? Promise.resolve();
    const mine = before.then(check, check);
    const tail = mine.catch(() => undefined);
    this.tails.set(folded, tail);
    // The last in the queue clears the entry, so names tried once do not pile up in memory.
    void tail.then(() => {
      if (this.tails.get(folded) === tail) this.tails.delete(folded);
    });
    return mine;
  }
}
