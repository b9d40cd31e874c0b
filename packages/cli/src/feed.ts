/**
 * Where `listen`, `events tail` and `trigger` read events: every tenant's through the sandbox-only
 * `GET /_mock/events`, or one organization's `GET /v1/events` through the SDK. Both page with
 * `after` (the last event id seen) and answer oldest first.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createHospitalClient } from '@careloop/hospital';
import type { WebhookEvent } from '@careloop/hospital';
import type { CliIo } from './io.js';

export type FeedEvent = WebhookEvent;

export interface FeedPage {
  data: FeedEvent[];
  nextCursor: string | null;
}

/** One page of events after `after` (exclusive), optionally of one type. */
export type EventSource = (after: string | undefined, type: string | undefined) => Promise<FeedPage>;

const PAGE = 100;

export interface SourceOptions {
  baseUrl: string;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

export function eventSource(options: SourceOptions, io: CliIo): EventSource {
  const fetchImpl = io.fetch ?? fetch;
  if (options.clientId !== undefined && options.clientSecret !== undefined) {
    // Any audience's SDK reads /v1/events the same way; the client's own credentials decide whose feed it is.
    const client = createHospitalClient({
      baseUrl: options.baseUrl,
      auth: { clientId: options.clientId, clientSecret: options.clientSecret },
      fetch: fetchImpl,
    });
    return async (after, type) => {
      const page = await client.events
        .list({ limit: PAGE, ...(after === undefined ? {} : { after }), ...(type === undefined ? {} : { type: type as FeedEvent['type'] }) })
        .unwrap();
      return { data: page.data as FeedEvent[], nextCursor: page.nextCursor ?? null };
    };
  }
  return async (after, type) => {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (after !== undefined) query.set('after', after);
    if (type !== undefined) query.set('type', type);
    const response = await fetchImpl(`${options.baseUrl}/_mock/events?${query}`);
    const body = (await response.json()) as FeedPage & { detail?: string };
    if (!response.ok) throw new Error(`GET /_mock/events answered ${response.status}: ${body.detail ?? 'no detail'} (is ${options.baseUrl} a Careloop mock platform?)`);
    return body;
  };
}

/** The id of the newest event in the feed (of `type` when given), or undefined when it is empty. */
export async function newestEventId(source: EventSource, type?: string): Promise<string | undefined> {
  let after: string | undefined;
  for (;;) {
    const page = await source(after, type);
    if (page.data.length === 0) return after;
    after = page.data[page.data.length - 1]?.id;
  }
}

/** Every event after `after`, oldest first, until the feed has nothing newer. */
export async function eventsAfter(source: EventSource, after: string | undefined, type?: string): Promise<FeedEvent[]> {
  const events: FeedEvent[] = [];
  for (;;) {
    const page = await source(after, type);
    if (page.data.length === 0) return events;
    events.push(...page.data);
    after = page.data[page.data.length - 1]?.id;
  }
}

export interface FollowOptions {
  after: string | undefined;
  /** Only these types (all when empty). */
  types: readonly string[];
  intervalMs: number;
  signal: AbortSignal | undefined;
}

/** Hands each new event to `onEvent` in order, polling every `intervalMs`, until `signal` aborts. */
export async function follow(source: EventSource, options: FollowOptions, onEvent: (event: FeedEvent) => Promise<void> | void): Promise<void> {
  let after = options.after;
  // One type is filtered by the platform; several are filtered here.
  const type = options.types.length === 1 ? options.types[0] : undefined;
  while (!options.signal?.aborted) {
    const page = await source(after, type);
    for (const event of page.data) {
      if (options.signal?.aborted) return;
      if (options.types.length === 0 || options.types.includes(event.type)) await onEvent(event);
      after = event.id;
    }
    if (page.data.length > 0) continue;
    try {
      await sleep(options.intervalMs, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      return; // aborted while waiting
    }
  }
}

/** `2026-06-01T08:00:00+08:00  appointment.booked  evt_00000012  appointment apt_… booked` */
export function formatEvent(event: FeedEvent): string {
  const data = event.data as { object?: string; id?: string; status?: string };
  return `${event.createdAt}  ${event.type}  ${event.id}  ${data.object ?? ''} ${data.id ?? ''} ${data.status ?? ''}`.trimEnd();
}
