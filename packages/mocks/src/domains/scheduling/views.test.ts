import { describe, expect, it } from 'vitest';
import type { Caller } from '../../engine/auth.js';
import { EventFeed } from '../../engine/events.js';
import { IdFactory, Prng } from '../../engine/ids.js';
import { DomainError } from '../../engine/problem.js';
import { TimerQueue } from '../../engine/timers.js';
import { DirectoryState } from '../directory/state.js';
import { seedScheduling } from './seed.js';
import { HOLD_EXPIRY_TIMER, SchedulingService } from './service.js';
import { SchedulingStore } from './store.js';
import { ViewCache, scheduleView, slotView } from './views.js';

const PATIENTS = ['pat_a', 'pat_b', 'pat_c', 'pat_d', 'pat_e', 'pat_f', 'pat_g'];

function world() {
  const store = new SchedulingStore();
  const ids = new IdFactory('careloop');
  const timers = new TimerQueue();
  seedScheduling({ store, ids, timers, seed: 'careloop', backgroundPatientIds: PATIENTS });
  const service = new SchedulingService(store, new DirectoryState(), new EventFeed(), ids, timers);
  const views = new ViewCache(store);
  /** Every cached view against one built afresh. */
  const expectFresh = (): void => {
    for (const slot of store.slots.values()) expect(views.slotJson(slot)).toBe(JSON.stringify(slotView(store, slot)));
    for (const schedule of store.schedules.values()) expect(views.scheduleJson(schedule)).toBe(JSON.stringify(scheduleView(store, schedule)));
  };
  return { store, timers, service, views, expectFresh };
}

const patient = (id: string): Caller => ({ kind: 'patient', subject: id, patientId: id, scopes: [] });
const hospital = (organizationId: string): Caller => ({ kind: 'organization', subject: organizationId, organizationId, scopes: [] });

describe('cached slot and schedule views', () => {
  it('follow a release that a waitlister takes at once (releasedCount changes, remaining does not)', () => {
    const { store, service, views } = world();
    const nowMs = Date.parse('2026-06-01T08:00:00+08:00');
    const slot = store.slots.get('slt_zhangwei_0603am_1');
    const schedule = store.schedules.get('sch_zhangwei_0603am');
    if (!slot || !schedule) throw new Error('seed changed');
    const qtph = hospital('org_qtph');
    service.release(qtph, slot.id, store.taken(slot), nowMs);
    service.joinWaitlist('pat_a', slot.id, nowMs);
    const before = { slot: JSON.parse(views.slotJson(slot)), schedule: JSON.parse(views.scheduleJson(schedule)) };
    expect(before.slot.remaining).toBe(0);

    service.release(qtph, slot.id, slot.releasedCount + 1, nowMs);

    const after = { slot: JSON.parse(views.slotJson(slot)), schedule: JSON.parse(views.scheduleJson(schedule)) };
    expect(after.slot).toMatchObject({ remaining: 0, releasedCount: before.slot.releasedCount + 1 });
    expect(after.schedule).toMatchObject({ remaining: before.schedule.remaining, releasedCount: before.schedule.releasedCount + 1 });
  });

  it('follow a suspension and a resumption that cancel nothing (status changes, totals do not)', () => {
    const { store, service, views } = world();
    const nowMs = Date.parse('2026-06-01T08:00:00+08:00');
    const schedule = [...store.schedules.values()].find((s) => s.status === 'active' && store.appointmentsBySchedule.get(s.id).size === 0);
    const slot = schedule && store.slots.get(schedule.slotIds[0] ?? '');
    if (!schedule || !slot) throw new Error('seed changed');
    const read = () => ({ schedule: JSON.parse(views.scheduleJson(schedule)), slot: JSON.parse(views.slotJson(slot)) });
    const before = read();
    service.suspend(hospital(schedule.organizationId), schedule.id, 'Conference', nowMs);
    const suspended = read();
    expect(suspended.schedule).toEqual({ ...before.schedule, status: 'suspended', suspendedReason: 'Conference' });
    expect(suspended.slot).toEqual({ ...before.slot, status: 'suspended' });
    service.resume(hospital(schedule.organizationId), schedule.id, nowMs);
    expect(read()).toEqual(before);
  });

  it('equal freshly built views after every kind of change (holds, expiries, bookings, cancellations, releases, suspensions)', () => {
    const { store, timers, service, expectFresh } = world();
    const prng = new Prng('view-cache-test');
    const slotIds = [...store.slots.keys()].filter((id) => id.includes('_06') && /_060[1-4]/.test(id));
    const pick = <T>(items: readonly T[]): T => items[prng.int(0, items.length - 1)] as T;
    let nowMs = Date.parse('2026-06-01T08:00:00+08:00');
    const appointments: string[] = [];
    let changes = 0;
    expectFresh();
    for (let step = 0; step < 400; step++) {
      const slot = store.slots.get(pick(slotIds));
      if (!slot) continue;
      const organizationId = store.scheduleOf(slot).organizationId;
      const who = pick(PATIENTS);
      const appointmentId = appointments.length > 0 ? pick(appointments) : 'apt_none';
      const owner = store.appointments.get(appointmentId)?.patientId ?? who;
      try {
        switch (prng.int(0, 9)) {
          case 0:
          case 1:
            appointments.push(service.holdSlot(who, slot.id, nowMs).id);
            break;
          case 2:
            appointments.push(service.joinWaitlist(who, slot.id, nowMs).id);
            break;
          case 3:
            service.book(patient(owner), appointmentId, nowMs);
            break;
          case 4:
            service.cancel(prng.int(0, 1) === 0 ? patient(owner) : hospital(store.appointments.get(appointmentId)?.organizationId ?? organizationId), appointmentId, undefined, nowMs);
            break;
          case 5:
            service.release(hospital(organizationId), slot.id, prng.int(0, slot.capacity), nowMs);
            break;
          case 6:
            if (prng.int(0, 2) === 0) service.suspend(hospital(organizationId), slot.scheduleId, 'test', nowMs);
            else service.resume(hospital(organizationId), slot.scheduleId, nowMs);
            break;
          case 7:
            appointments.push(service.reschedule(patient(owner), appointmentId, slot.id, nowMs).id);
            break;
          case 8:
            service.checkIn(hospital(store.appointments.get(appointmentId)?.organizationId ?? organizationId), appointmentId, nowMs);
            break;
          default: {
            // Time passes: holds lapse, each at its own time, as the engine fires them.
            nowMs += prng.int(1, 6) * 60_000;
            for (let timer = timers.popDue(nowMs); timer; timer = timers.popDue(nowMs)) {
              if (timer.kind === HOLD_EXPIRY_TIMER) service.expireHold(timer.target, timer.atMs);
            }
          }
        }
        changes++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
      expectFresh();
    }
    expect(changes).toBeGreaterThan(100);
  });
});
