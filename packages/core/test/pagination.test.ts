import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError, type CareloopError } from '../src/index.js';
import { BASE, fakeFetch, json, problem, type Received } from './fixtures/fake-api.js';
import { createPatientClient, type Slot } from './fixtures/patient-api.js';

// Three pages of slots: (no cursor) → c2 → c3 → null.
const slotPages: Record<string, { data: Slot[]; nextCursor: string | null }> = {
  '': { data: [{ id: 'slt_1', remaining: 1 }, { id: 'slt_2', remaining: 2 }], nextCursor: 'c2' },
  c2: { data: [{ id: 'slt_3', remaining: 3 }], nextCursor: 'c3' },
  c3: { data: [{ id: 'slt_4', remaining: 4 }], nextCursor: null },
};

function slotsApi(fail?: string) {
  return fakeFetch((r: Received) => {
    const cursor = r.url.searchParams.get('cursor') ?? '';
    if (cursor === fail) return problem(503, 'CONNECTOR_OFFLINE');
    return json(slotPages[cursor] ?? { data: [], nextCursor: null });
  });
}

describe('pagination', () => {
  it('walks every item of every page with for await, and stops when nextCursor is null', async () => {
    const api = slotsApi();
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, maxRetries: 0 });
    const ids: string[] = [];
    for await (const slot of client.slots.list({ date: '2026-06-03', limit: 2 })) ids.push(slot.id);
    expect(ids).toEqual(['slt_1', 'slt_2', 'slt_3', 'slt_4']);
    expect(api.received.map((r) => r.url.search)).toEqual([
      '?date=2026-06-03&limit=2',
      '?date=2026-06-03&limit=2&cursor=c2',
      '?date=2026-06-03&limit=2&cursor=c3',
    ]);
  });

  it('resolves to the first page when awaited, and fetches later pages only while iterating', async () => {
    const api = slotsApi();
    const list = createPatientClient({ baseUrl: BASE, fetch: api.fetch, maxRetries: 0 }).slots.list();
    const first = await list;
    expect(first.data?.nextCursor).toBe('c2');
    expect(api.received).toHaveLength(1);

    for await (const slot of list) {
      expect(slot.id).toBe('slt_1');
      break;
    }
    expect(api.received).toHaveLength(1);
  });

  it('yields whole pages from pages()', async () => {
    const api = slotsApi();
    const pages = [];
    for await (const page of createPatientClient({ baseUrl: BASE, fetch: api.fetch, maxRetries: 0 }).slots.list().pages()) pages.push(page);
    expect(pages).toEqual([slotPages[''], slotPages['c2'], slotPages['c3']]);
  });

  it('uses the cursor parameter the operation names', async () => {
    const api = fakeFetch((r) =>
      r.url.searchParams.get('after') === null
        ? json({ data: [{ id: 'evt_1', type: 'appointment.booked' }], nextCursor: 'evt_1' })
        : json({ data: [{ id: 'evt_2', type: 'appointment.cancelled' }], nextCursor: null }),
    );
    const ids: string[] = [];
    for await (const event of createPatientClient({ baseUrl: BASE, fetch: api.fetch, maxRetries: 0 }).events.list({ limit: 1 })) ids.push(event.id);
    expect(ids).toEqual(['evt_1', 'evt_2']);
    expect(api.received[1]?.url.search).toBe('?limit=1&after=evt_1');
  });

  it('throws the CareloopError of a page that fails during iteration', async () => {
    const api = slotsApi('c3');
    const ids: string[] = [];
    let caught: CareloopError | undefined;
    try {
      for await (const slot of createPatientClient({ baseUrl: BASE, fetch: api.fetch, maxRetries: 0 }).slots.list()) ids.push(slot.id);
    } catch (error) {
      caught = error as CareloopError;
    }
    expect(ids).toEqual(['slt_1', 'slt_2', 'slt_3']);
    expect(caught).toBeInstanceOf(ServiceUnavailableError);
    expect(caught).toMatchObject({ code: 'CONNECTOR_OFFLINE' });
  });

  it('throws when the first page fails, and awaiting it still gives an error result', async () => {
    const api = slotsApi('');
    const list = createPatientClient({ baseUrl: BASE, fetch: api.fetch, maxRetries: 0 }).slots.list();
    expect((await list).error).toBeInstanceOf(ServiceUnavailableError);
    await expect(async () => {
      for await (const slot of list) expect(slot).toBeUndefined();
    }).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});
