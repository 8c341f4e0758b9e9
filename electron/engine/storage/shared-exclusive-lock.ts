interface Waiter {
  exclusive: boolean;
  enter: () => void;
}

/**
 * Many holders on the shared side at once, or one on the exclusive side, granted strictly in the
 * order asked: a request for the exclusive side holds back every request made after it, so a
 * steady stream of shared holders cannot keep an exclusive one waiting for ever. The station's
 * ingests are the shared side (any number may read files at once) and the retention purge the
 * exclusive one (see station.ts for why they may not overlap).
 */
export class SharedExclusiveLock {
  private sharedHolders = 0;
  private exclusiveHeld = false;
  private readonly waiting: Waiter[] = [];
  private whenFreeWaiters: (() => void)[] = [];

  /** Runs `work` holding the shared side; released when it settles, whether it succeeds or throws. */
  shared<T>(work: () => Promise<T>): Promise<T> {
    return this.holding(false, work);
  }

  /** Runs `work` holding the exclusive side; released when it settles, whether it succeeds or throws. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.holding(true, work);
  }

  /** Holders of the shared side now (not counting those waiting). */
  get sharedCount(): number {
    return this.sharedHolders;
  }

  /** Resolves once nobody holds or waits for either side. */
  whenFree(): Promise<void> {
    if (this.isFree()) return Promise.resolve();
    return new Promise((resolve) => this.whenFreeWaiters.push(resolve));
  }

  private async holding<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    await this.acquire(exclusive);
    try {
      return await work();
    } finally {
      this.release(exclusive);
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    if (this.waiting.length === 0 && this.mayEnter(exclusive)) {
      this.enter(exclusive);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ exclusive, enter: resolve }));
  }

  private mayEnter(exclusive: boolean): boolean {
    return exclusive ? !this.exclusiveHeld && this.sharedHolders === 0 : !this.exclusiveHeld;
  }

  private enter(exclusive: boolean): void {
    if (exclusive) this.exclusiveHeld = true;
    else this.sharedHolders++;
  }

  private release(exclusive: boolean): void {
    if (exclusive) this.exclusiveHeld = false;
    else this.sharedHolders--;
    // First come, first served: stop at the first waiter that may not enter yet.
    while (this.waiting.length > 0 && this.mayEnter(this.waiting[0]!.exclusive)) {
      const next = this.waiting.shift()!;
      this.enter(next.exclusive);
      next.enter();
    }
    if (this.isFree()) {
      const waiters = this.whenFreeWaiters;
      this.whenFreeWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  }

  private isFree(): boolean {
    return !this.exclusiveHeld && this.sharedHolders === 0 && this.waiting.length === 0;
  }
}
