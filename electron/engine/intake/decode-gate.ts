/**
 * Who may decode now. Files decode side by side, except a suspect: a file that was being read
 * when the station died is read alone, so that if it brings the station down again it is the
 * only file blamed (and one innocent scan decoded beside a poison file is not set aside with it).
 * First come, first served: a suspect waiting for the decodes in progress holds back new ones.
 */
export class DecodeGate {
  private shared = 0;
  private exclusive = false;
  private readonly queue: { alone: boolean; grant: () => void }[] = [];

  /** Resolves with the function that gives the turn back. */
  acquire(alone: boolean): Promise<() => void> {
    return new Promise((resolve) => {
      this.queue.push({ alone, grant: () => resolve(this.releaser(alone)) });
      this.pump();
    });
  }

  private releaser(alone: boolean): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (alone) this.exclusive = false;
      else this.shared -= 1;
      this.pump();
    };
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.exclusive) {
      const next = this.queue[0]!;
      if (next.alone && this.shared > 0) return;
      this.queue.shift();
      if (next.alone) this.exclusive = true;
      else this.shared += 1;
      next.grant();
    }
  }
}
