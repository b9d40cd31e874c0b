/** Round-trip samples in a ring of fixed size, so the percentiles speak for recent commands. */
export class RoundTrips {
  readonly #samples: number[] = [];
  #next = 0;

  constructor(readonly size = 1_000) {}

  add(ms: number): void {
    if (this.#samples.length < this.size) this.#samples.push(ms);
    else this.#samples[this.#next] = ms;
    this.#next = (this.#next + 1) % this.size;
  }

  /** The nearest-rank percentile (0 < p ≤ 100), or null without samples. */
  percentile(p: number): number | null {
    if (this.#samples.length === 0) return null;
    const sorted = [...this.#samples].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
  }
}
