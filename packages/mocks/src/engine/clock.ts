/** The mock platform's controllable clock. It never reads the wall clock: time moves only when told to. */

const HOSPITAL_OFFSET_MS = 8 * 60 * 60 * 1000;

/** How many formatted instants `formatLocal` remembers (slot starts and ends, creation times: a few thousand). */
const FORMAT_CACHE_SIZE = 16_384;
const formatted = new Map<number, string>();

/** Formats an instant as RFC 3339 in hospital-local time (`+08:00`), to the second. Memoised: views format the same few thousand instants over and over. */
export function formatLocal(ms: number): string {
  let text = formatted.get(ms);
  if (text === undefined) {
    text = `${new Date(ms + HOSPITAL_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
    if (formatted.size >= FORMAT_CACHE_SIZE) formatted.delete(formatted.keys().next().value as number);
    formatted.set(ms, text);
  }
  return text;
}

/** The hospital-local calendar date (`YYYY-MM-DD`) of an instant. */
export function localDate(ms: number): string {
  return new Date(ms + HOSPITAL_OFFSET_MS).toISOString().slice(0, 10);
}

/** Parses an RFC 3339 timestamp; throws on anything else so a bad `now` option fails loudly. */
export function parseInstant(iso: string): number {
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(iso) || Number.isNaN(ms)) {
    throw new Error(`Not an RFC 3339 timestamp with offset: ${iso}`);
  }
  return ms;
}

export interface Clock {
  now(): Date;
  advance(ms: number): void;
  set(iso: string): void;
}

export class MockClock implements Clock {
  private currentMs: number;

  /** `onChange` lets the engine fire due timers (hold expiry) as soon as time moves. */
  constructor(
    startIso: string,
    private readonly onChange: () => void = () => undefined,
  ) {
    this.currentMs = parseInstant(startIso);
  }

  nowMs(): number {
    return this.currentMs;
  }

  now(): Date {
    return new Date(this.currentMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`clock.advance needs a non-negative number of ms, got ${ms}`);
    this.currentMs += ms;
    this.onChange();
  }

  set(iso: string): void {
    this.currentMs = parseInstant(iso);
    this.onChange();
  }

  /** Resets without firing timers (used by platform.reset before the world is re-seeded). */
  resetTo(iso: string): void {
    this.currentMs = parseInstant(iso);
  }
}
