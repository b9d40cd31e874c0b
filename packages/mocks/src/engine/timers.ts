/** Timers on the mock clock (hold expiry). They fire only when the clock is moved past them. */

export interface Timer {
  atMs: number;
  /** Which domain callback handles it, e.g. `hold-expiry`. */
  kind: string;
  target: string;
}

interface QueuedTimer extends Timer {
  sequence: number;
}

/** A binary min-heap ordered by time, then by insertion, so simultaneous timers fire in a stable order. */
export class TimerQueue {
  private readonly heap: QueuedTimer[] = [];
  private sequence = 0;

  schedule(timer: Timer): void {
    this.heap.push({ ...timer, sequence: this.sequence++ });
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the earliest timer due at or before `nowMs`. */
  popDue(nowMs: number): Timer | undefined {
    const top = this.heap[0];
    if (!top || top.atMs > nowMs) return undefined;
    const last = this.heap.pop();
    if (last && this.heap.length > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < this.heap.length && this.less(left, smallest)) smallest = left;
        if (right < this.heap.length && this.less(right, smallest)) smallest = right;
        if (smallest === i) break;
        this.swap(i, smallest);
        i = smallest;
      }
    }
    return { atMs: top.atMs, kind: top.kind, target: top.target };
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    if (!x || !y) return false;
    return x.atMs < y.atMs || (x.atMs === y.atMs && x.sequence < y.sequence);
  }

  private swap(a: number, b: number): void {
    const x = this.heap[a];
    const y = this.heap[b];
    if (!x || !y) return;
    this.heap[a] = y;
    this.heap[b] = x;
  }
}
