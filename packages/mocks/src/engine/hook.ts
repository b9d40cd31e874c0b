/**
 * A synchronous in-process hook: one domain announces a fact, others react in the same step (an
 * order paid activates a coverage; an appointment cancelled before cut-off refunds its order).
 * Listeners run in registration order; they must not throw for the announcer's sake.
 */
export class Hook<Args extends unknown[]> {
  private readonly listeners: ((...args: Args) => void)[] = [];

  on(listener: (...args: Args) => void): void {
    this.listeners.push(listener);
  }

  emit(...args: Args): void {
    for (const listener of this.listeners) listener(...args);
  }
}
