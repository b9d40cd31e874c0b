import { describe, expect, it } from 'vitest';
import { call, orgToken, patientLogin, testPlatform, walk, MOBILE } from '../../../test/helpers.js';
import type { Caller } from '../../engine/auth.js';
import { EventFeed } from '../../engine/events.js';
import { IdFactory, Prng } from '../../engine/ids.js';
import { TimerQueue } from '../../engine/timers.js';
import { DirectoryState } from '../directory/state.js';
import { seedScheduling } from './seed.js';
import { SchedulingService } from './service.js';
import { SchedulingStore } from './store.js';

interface SlotView {
  id: string;
  scheduleId: string;
  organizationId: string;
  departmentId: string;
  practitionerId: string;
  date: string;
  startTime: string;
  remaining: number;
  status: string;
}

describe('slot search', () => {
  it('returns, for random queries, exactly what a brute-force filter over every slot returns', async () => {
    const platform = testPlatform();
    const qtph = await orgToken(platform, 'qtph');
    const linan = await orgToken(platform, 'linan');
    const patient = (await patientLogin(platform, MOBILE.wangfang)).token;
    // Make availability interesting: a suspension, a full slot, some holds.
    await call(platform, 'POST', '/v1/schedules/sch_chenjing_0604am/suspend', { token: qtph, body: { reason: 'Conference' } });
    await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_2/release', { token: qtph, body: { releasedCount: 0 } });

    const all = (await walk(platform, '/v1/slots', patient)) as unknown as SlotView[];
    const pick = <T>(prng: Prng, items: readonly T[]): T => items[prng.int(0, items.length - 1)] as T;
    const values = (key: keyof SlotView) => [...new Set(all.map((s) => String(s[key])))];
    const dates = values('date');
    const prng = new Prng('search-test');
    let multiPage = 0;

    for (let round = 0; round < 60; round++) {
      const query: Record<string, string> = {};
      if (prng.next() < 0.4) query['organizationId'] = pick(prng, [...values('organizationId'), 'org_renai']);
      if (prng.next() < 0.3) query['departmentId'] = pick(prng, values('departmentId'));
      if (prng.next() < 0.3) query['practitionerId'] = pick(prng, values('practitionerId'));
      if (prng.next() < 0.15) query['scheduleId'] = pick(prng, values('scheduleId'));
      if (prng.next() < 0.5) query['dateFrom'] = pick(prng, [...dates, '2026-05-30']);
      if (prng.next() < 0.5) query['dateTo'] = pick(prng, [...dates, '2026-06-30']);
      if (prng.next() < 0.3) query['available'] = pick(prng, ['true', 'false']);
      const caller = pick(prng, [
        { token: patient, organizationId: undefined },
        { token: qtph, organizationId: 'org_qtph' },
        { token: linan, organizationId: 'org_linan' },
      ]);

      const expected = all
        .filter(
          (s) =>
            (caller.organizationId === undefined || s.organizationId === caller.organizationId) &&
            (query['organizationId'] === undefined || s.organizationId === query['organizationId']) &&
            (query['departmentId'] === undefined || s.departmentId === query['departmentId']) &&
            (query['practitionerId'] === undefined || s.practitionerId === query['practitionerId']) &&
            (query['scheduleId'] === undefined || s.scheduleId === query['scheduleId']) &&
            (query['dateFrom'] === undefined || s.date >= query['dateFrom']) &&
            (query['dateTo'] === undefined || s.date <= query['dateTo']) &&
            (query['available'] === undefined || String(s.status === 'open') === query['available']),
        )
        .map((s) => s.id);
      const found = await walk(platform, `/v1/slots?${new URLSearchParams(query).toString()}`, caller.token, 25);
      expect(found.map((s) => s.id), JSON.stringify(query)).toEqual(expected);
      if (expected.length > 25) multiPage++;
    }
    expect(multiPage).toBeGreaterThan(5);
  });
});

describe('slot search cost', () => {
  it('looks at the candidates of the most selective index, not at every slot', () => {
    const store = new SchedulingStore();
    const ids = new IdFactory('careloop');
    const timers = new TimerQueue();
    seedScheduling({ store, ids, timers, seed: 'careloop', backgroundPatientIds: ['pat_a', 'pat_b', 'pat_c', 'pat_d', 'pat_e', 'pat_f', 'pat_g'] });
    const service = new SchedulingService(store, new DirectoryState(), new EventFeed(), ids, timers);
    const patient: Caller = { kind: 'patient', subject: 'pat_a', patientId: 'pat_a', scopes: [] };
    let lookups = 0;
    const get = store.slots.get.bind(store.slots);
    store.slots.get = (id: string) => {
      lookups++;
      return get(id);
    };
    const found = service.searchSlots(patient, { organizationId: 'org_qtph', practitionerId: 'prc_zhangwei', dateFrom: '2026-06-03', dateTo: '2026-06-03' });
    expect(found.map((s) => s.id)).toEqual(['slt_zhangwei_0603am_1', 'slt_zhangwei_0603am_2', 'slt_zhangwei_0603am_3']);
    expect(store.slots.size).toBeGreaterThan(300);
    expect(lookups).toBeLessThanOrEqual(24);
  });
});
