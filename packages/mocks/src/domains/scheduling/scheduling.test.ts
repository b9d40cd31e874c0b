import { describe, expect, it } from 'vitest';
import { call, orgToken, patientLogin, testPlatform, walk, MOBILE } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';

const MINUTE = 60_000;

async function world() {
  const platform = testPlatform();
  return {
    platform,
    qtph: await orgToken(platform, 'qtph'),
    linan: await orgToken(platform, 'linan'),
    lina: (await patientLogin(platform, MOBILE.lina)).token,
    wangfang: (await patientLogin(platform, MOBILE.wangfang)).token,
    chenjian: (await patientLogin(platform, MOBILE.chenjian)).token,
    zhaolei: (await patientLogin(platform, MOBILE.zhaolei)).token,
  };
}

const post = (platform: MockPlatform, path: string, token: string, body?: unknown) =>
  call(platform, 'POST', path, { token, ...(body === undefined ? {} : { body }) });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });

describe('seeded world', () => {
  it('matches the examples of the spec', async () => {
    const { platform, qtph, lina } = await world();
    expect((await get(platform, '/v1/slots/slt_zhangwei_0603am_1', qtph)).body).toMatchObject({
      capacity: 10,
      releasedCount: 6,
      remaining: 5,
      firstQueueNumber: 1,
      startTime: '2026-06-03T08:00:00+08:00',
      fee: { amountFen: 5000, currency: 'CNY' },
      status: 'open',
    });
    expect((await get(platform, '/v1/schedules/sch_zhangwei_0603am', qtph)).body).toEqual({
      id: 'sch_zhangwei_0603am',
      organizationId: 'org_qtph',
      departmentId: 'dep_qtph_endo',
      practitionerId: 'prc_zhangwei',
      date: '2026-06-03',
      period: 'am',
      registrationLevel: 'expert',
      fee: { amountFen: 5000, currency: 'CNY' },
      status: 'active',
      suspendedReason: null,
      capacity: 30,
      releasedCount: 18,
      remaining: 17,
      hisScheduleRef: null,
      createdAt: '2026-05-20T09:00:00+08:00',
    });
    expect((await get(platform, '/v1/appointments/apt_lina_0603', lina)).body).toMatchObject({
      status: 'booked',
      queueNumber: 1,
      createdAt: '2026-05-28T10:00:00+08:00',
      updatedAt: '2026-05-28T10:02:00+08:00',
    });
    expect((await get(platform, '/v1/slots/slt_zhangwei_0605am_1', qtph)).body).toMatchObject({ remaining: 0, status: 'full' });
    expect((await get(platform, '/v1/schedules/sch_sunli_0602pm', qtph)).body.status).toBe('suspended');
    const hold = (await get(platform, '/v1/appointments/apt_wangfang_hold', qtph)).body;
    expect(hold).toMatchObject({ status: 'pending', patientId: 'pat_wangfang', date: '2026-06-02', holdExpiresAt: '2026-06-01T08:10:00+08:00' });
    expect(hold.scheduleId).not.toBe('sch_zhangwei_0603am');
    expect((await get(platform, '/v1/appointments/apt_zhaolei_0601', qtph)).body).toMatchObject({ status: 'checked-in', slotId: 'slt_zhangwei_0601am_1' });
    const linaIn0604 = await get(platform, '/v1/appointments?scheduleId=sch_zhangwei_0604am', lina);
    expect(linaIn0604.body.data).toEqual([]);
    expect((await get(platform, '/v1/slots/slt_zhangwei_0604am_1', qtph)).body.remaining).toBeGreaterThan(0);
    const schedules = await walk(platform, '/v1/schedules', lina);
    expect(schedules.length).toBeGreaterThan(100);
    expect(new Set(schedules.map((s) => (s as unknown as { date: string }).date)).size).toBe(14);
  });
});

describe('holds, bookings and the appointment state machine', () => {
  it('holds a number and books it with the lowest free queue number', async () => {
    const { platform, wangfang } = await world();
    const hold = await post(platform, '/v1/slots/slt_zhangwei_0603am_1/hold', wangfang);
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ status: 'pending', queueNumber: null, holdExpiresAt: '2026-06-01T08:10:00+08:00' });
    const booked = await post(platform, `/v1/appointments/${hold.body.id}/book`, wangfang);
    expect(booked.status).toBe(200);
    expect(booked.body).toMatchObject({ status: 'booked', queueNumber: 2, holdExpiresAt: null });
    const again = await post(platform, `/v1/appointments/${hold.body.id}/book`, wangfang);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'booked' });
  });

  it('reuses a queue number freed by a cancellation', async () => {
    const { platform, lina, wangfang } = await world();
    expect((await post(platform, '/v1/appointments/apt_lina_0603/cancel', lina)).status).toBe(200);
    const hold = await post(platform, '/v1/slots/slt_zhangwei_0603am_1/hold', wangfang);
    const booked = await post(platform, `/v1/appointments/${hold.body.id}/book`, wangfang);
    expect(booked.body.queueNumber).toBe(1);
  });

  it('moves booked → checked-in → fulfilled and refuses anything else with currentState', async () => {
    const { platform, qtph } = await world();
    expect((await post(platform, '/v1/appointments/apt_lina_0601/fulfill', qtph)).body).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'booked' });
    expect((await post(platform, '/v1/appointments/apt_lina_0601/check-in', qtph)).body.status).toBe('checked-in');
    expect((await post(platform, '/v1/appointments/apt_lina_0601/no-show', qtph)).body).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'checked-in' });
    expect((await post(platform, '/v1/appointments/apt_lina_0601/cancel', qtph)).body).toMatchObject({ currentState: 'checked-in' });
    expect((await post(platform, '/v1/appointments/apt_lina_0601/fulfill', qtph)).body.status).toBe('fulfilled');
    expect((await post(platform, '/v1/appointments/apt_zhaolei_0601/fulfill', qtph)).body.status).toBe('fulfilled');
  });

  it('marks a booked appointment as no-show', async () => {
    const { platform, qtph } = await world();
    const result = await post(platform, '/v1/appointments/apt_lina_0601/no-show', qtph);
    expect(result.body).toMatchObject({ status: 'noshow', queueNumber: 1 });
  });

  it('answers book of a lapsed hold with INVALID_STATE_TRANSITION, currentState cancelled', async () => {
    const { platform, wangfang } = await world();
    platform.clock.advance(10 * MINUTE);
    const result = await post(platform, '/v1/appointments/apt_wangfang_hold/book', wangfang);
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'cancelled' });
  });
});

describe('BR-SCH-1 a slot is never oversold', () => {
  it('BR-SCH-1 refuses a hold on a full slot with 409 SLOT_UNAVAILABLE', async () => {
    const { platform, wangfang } = await world();
    const result = await post(platform, '/v1/slots/slt_zhangwei_0605am_1/hold', wangfang);
    expect(result.status).toBe(409);
    expect(result.body.code).toBe('SLOT_UNAVAILABLE');
  });

  it('BR-SCH-1 refuses a hold on a slot that has started', async () => {
    const { platform, chenjian } = await world();
    platform.clock.advance(MINUTE);
    const result = await post(platform, '/v1/slots/slt_zhangwei_0601am_1/hold', chenjian);
    expect(result.body.code).toBe('SLOT_UNAVAILABLE');
  });

  it('BR-SCH-1 gives the last numbers to exactly as many concurrent holders', async () => {
    const { platform, qtph } = await world();
    const patients = await Promise.all(Array.from({ length: 12 }, (_, i) => patientLogin(platform, `1390000${String(i).padStart(4, '0')}`)));
    const results = await Promise.all(patients.map((p) => post(platform, '/v1/slots/slt_zhangwei_0603am_1/hold', p.token)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409 && r.body.code === 'SLOT_UNAVAILABLE')).toHaveLength(7);
    expect((await get(platform, '/v1/slots/slt_zhangwei_0603am_1', qtph)).body).toMatchObject({ remaining: 0, status: 'full' });
  });

  it('BR-SCH-1 refuses a reschedule into a full slot and changes nothing', async () => {
    const { platform, lina } = await world();
    const before = platform.digest();
    const result = await post(platform, '/v1/appointments/apt_lina_0603/reschedule', lina, { slotId: 'slt_zhangwei_0605am_1' });
    expect(result.body.code).toBe('SLOT_UNAVAILABLE');
    expect(platform.digest()).toBe(before);
  });
});

describe('BR-SCH-2 numbers come back and go to the waitlist first', () => {
  it('BR-SCH-2 a lapsed hold is cancelled (hold-expired, no refund) and its number returns', async () => {
    const { platform, qtph, wangfang } = await world();
    const slotId = (await get(platform, '/v1/appointments/apt_wangfang_hold', qtph)).body.slotId as string;
    const before = (await get(platform, `/v1/slots/${slotId}`, qtph)).body.remaining as number;
    platform.clock.advance(9 * MINUTE);
    expect((await get(platform, '/v1/appointments/apt_wangfang_hold', wangfang)).body.status).toBe('pending');
    platform.clock.advance(MINUTE);
    const lapsed = (await get(platform, '/v1/appointments/apt_wangfang_hold', wangfang)).body;
    expect(lapsed).toMatchObject({
      status: 'cancelled',
      holdExpiresAt: null,
      cancellation: { reason: 'hold-expired', refundAmount: { amountFen: 0, currency: 'CNY' }, cancelledAt: '2026-06-01T08:10:00+08:00' },
    });
    expect((await get(platform, `/v1/slots/${slotId}`, qtph)).body.remaining).toBe(before + 1);
    const events = (await get(platform, '/v1/events?type=appointment.cancelled', wangfang)).body.data;
    expect(events).toEqual([
      {
        id: 'evt_00000001',
        type: 'appointment.cancelled',
        createdAt: '2026-06-01T08:10:00+08:00',
        data: { object: 'appointment', id: 'apt_wangfang_hold', status: 'cancelled', organizationId: 'org_qtph', patientId: 'pat_wangfang', reason: 'hold-expired' },
      },
    ]);
  });

  it('BR-SCH-2 hold expiry on clock advance promotes the first waitlisted patient with a fresh hold', async () => {
    const { platform, qtph, chenjian, zhaolei, wangfang } = await world();
    const slot = '/v1/slots/slt_zhangwei_0603am_1';
    const held = await post(platform, `${slot}/hold`, chenjian);
    expect((await post(platform, `${slot}/release`, qtph, { releasedCount: 2 })).body).toMatchObject({ remaining: 0, status: 'full' });
    const first = await post(platform, `${slot}/waitlist`, zhaolei);
    const second = await post(platform, `${slot}/waitlist`, wangfang);
    expect(first.body).toMatchObject({ status: 'waitlist', waitlistPosition: 1, queueNumber: null, holdExpiresAt: null });
    expect(second.body.waitlistPosition).toBe(2);

    await call(platform, 'POST', '/_mock/clock/advance', { body: { seconds: 600 } });

    expect((await get(platform, `/v1/appointments/${held.body.id}`, chenjian)).body.cancellation.reason).toBe('hold-expired');
    expect((await get(platform, `/v1/appointments/${first.body.id}`, zhaolei)).body).toMatchObject({
      status: 'pending',
      waitlistPosition: null,
      holdExpiresAt: '2026-06-01T08:20:00+08:00',
    });
    expect((await get(platform, `/v1/appointments/${second.body.id}`, wangfang)).body).toMatchObject({ status: 'waitlist', waitlistPosition: 1 });
    expect((await get(platform, slot, qtph)).body.remaining).toBe(0);
    const zhaoleiEvents = (await get(platform, '/v1/events', zhaolei)).body.data.map((e: { type: string }) => e.type);
    expect(zhaoleiEvents).toEqual(['appointment.waitlisted', 'appointment.held']);

    // The promoted hold lapses in turn, and the number moves on down the line.
    platform.clock.advance(10 * MINUTE);
    expect((await get(platform, `/v1/appointments/${second.body.id}`, wangfang)).body).toMatchObject({ status: 'pending', holdExpiresAt: '2026-06-01T08:30:00+08:00' });
  });

  it('BR-SCH-2 a cancellation returns its number to the waitlist first', async () => {
    const { platform, qtph, lina, wangfang } = await world();
    await post(platform, '/v1/slots/slt_zhangwei_0603am_1/release', qtph, { releasedCount: 1 });
    const waiting = await post(platform, '/v1/slots/slt_zhangwei_0603am_1/waitlist', wangfang);
    const cancelled = await post(platform, '/v1/appointments/apt_lina_0603/cancel', lina, { note: 'Feeling better' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'patient-request', note: 'Feeling better', refundAmount: { amountFen: 5000 } } });
    const promoted = (await get(platform, `/v1/appointments/${waiting.body.id}`, wangfang)).body;
    expect(promoted).toMatchObject({ status: 'pending', holdExpiresAt: '2026-06-01T08:10:00+08:00' });
    expect((await post(platform, `/v1/appointments/${waiting.body.id}/book`, wangfang)).body.queueNumber).toBe(1);
  });

  it('BR-SCH-2 raising the release serves the waitlist', async () => {
    const { platform, qtph, wangfang } = await world();
    const waiting = await post(platform, '/v1/slots/slt_zhangwei_0605am_1/waitlist', wangfang);
    const released = await post(platform, '/v1/slots/slt_zhangwei_0605am_1/release', qtph, { releasedCount: 7 });
    expect(released.body).toMatchObject({ releasedCount: 7, remaining: 0 });
    expect((await get(platform, `/v1/appointments/${waiting.body.id}`, wangfang)).body.status).toBe('pending');
  });

  it('joining the waitlist of a slot with numbers left answers 409 SLOT_AVAILABLE', async () => {
    const { platform, wangfang } = await world();
    const result = await post(platform, '/v1/slots/slt_zhangwei_0603am_1/waitlist', wangfang);
    expect(result.status).toBe(409);
    expect(result.body.code).toBe('SLOT_AVAILABLE');
  });

  it('a cancelled waitlist entry leaves the line', async () => {
    const { platform, zhaolei, wangfang } = await world();
    const first = await post(platform, '/v1/slots/slt_zhangwei_0605am_1/waitlist', zhaolei);
    const second = await post(platform, '/v1/slots/slt_zhangwei_0605am_1/waitlist', wangfang);
    const cancelled = await post(platform, `/v1/appointments/${first.body.id}/cancel`, zhaolei);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', waitlistPosition: null, cancellation: { refundAmount: { amountFen: 0 } } });
    expect((await get(platform, `/v1/appointments/${second.body.id}`, wangfang)).body.waitlistPosition).toBe(1);
  });
});

describe('BR-SCH-3 suspended schedules', () => {
  it('BR-SCH-3 refuses holds, waitlist entries, reschedules and releases into a suspended schedule', async () => {
    const { platform, qtph, wangfang, lina } = await world();
    expect((await post(platform, '/v1/slots/slt_sunli_0602pm_1/hold', wangfang)).body.code).toBe('SCHEDULE_SUSPENDED');
    expect((await post(platform, '/v1/slots/slt_sunli_0602pm_1/waitlist', wangfang)).body.code).toBe('SCHEDULE_SUSPENDED');
    expect((await post(platform, '/v1/appointments/apt_lina_0603/reschedule', lina, { slotId: 'slt_sunli_0602pm_2' })).body.code).toBe('SCHEDULE_SUSPENDED');
    expect((await post(platform, '/v1/slots/slt_sunli_0602pm_1/release', qtph, { releasedCount: 3 })).body.code).toBe('SCHEDULE_SUSPENDED');
    expect((await get(platform, '/v1/slots/slt_sunli_0602pm_1', wangfang)).body.status).toBe('suspended');
  });

  it('BR-SCH-3 suspending cancels every waitlisted, held and booked appointment with refunds and events', async () => {
    const { platform, qtph, lina, wangfang, chenjian, zhaolei } = await world();
    const held = await post(platform, '/v1/slots/slt_zhangwei_0603am_2/hold', wangfang);
    await post(platform, '/v1/slots/slt_zhangwei_0603am_3/release', qtph, { releasedCount: 1 });
    const heldFull = await post(platform, '/v1/slots/slt_zhangwei_0603am_3/hold', chenjian);
    const waiting = await post(platform, '/v1/slots/slt_zhangwei_0603am_3/waitlist', zhaolei);
    const suspended = await post(platform, '/v1/schedules/sch_zhangwei_0603am/suspend', qtph, { reason: 'Doctor called to emergency surgery' });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'suspended', suspendedReason: 'Doctor called to emergency surgery' });

    const booked = (await get(platform, '/v1/appointments/apt_lina_0603', lina)).body;
    expect(booked.cancellation).toMatchObject({ reason: 'schedule-suspended', refundAmount: { amountFen: 5000 } });
    for (const [id, token] of [[held.body.id, wangfang], [heldFull.body.id, chenjian], [waiting.body.id, zhaolei]] as const) {
      expect((await get(platform, `/v1/appointments/${id}`, token)).body).toMatchObject({
        status: 'cancelled',
        cancellation: { reason: 'schedule-suspended', refundAmount: { amountFen: 0 } },
      });
    }
    const linaEvents = (await get(platform, '/v1/events', lina)).body.data;
    expect(linaEvents).toEqual([expect.objectContaining({ type: 'appointment.cancelled', data: expect.objectContaining({ id: 'apt_lina_0603', reason: 'schedule-suspended' }) })]);
    const orgEvents = (await get(platform, '/v1/events?type=schedule.suspended', qtph)).body.data;
    expect(orgEvents).toEqual([expect.objectContaining({ data: { object: 'schedule', id: 'sch_zhangwei_0603am', status: 'suspended', organizationId: 'org_qtph' } })]);
  });

  it('BR-SCH-3 suspending twice, or resuming an active schedule, is an invalid transition', async () => {
    const { platform, qtph } = await world();
    const twice = await post(platform, '/v1/schedules/sch_sunli_0602pm/suspend', qtph, { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'suspended' });
    const resumeActive = await post(platform, '/v1/schedules/sch_zhangwei_0603am/resume', qtph);
    expect(resumeActive.body).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'active' });
  });

  it('BR-SCH-3 resuming lets the session take holds again', async () => {
    const { platform, qtph, wangfang } = await world();
    const resumed = await post(platform, '/v1/schedules/sch_sunli_0602pm/resume', qtph);
    expect(resumed.body).toMatchObject({ status: 'active', suspendedReason: null });
    expect((await post(platform, '/v1/slots/slt_sunli_0602pm_1/hold', wangfang)).status).toBe(201);
    expect((await get(platform, '/v1/events?type=schedule.resumed', qtph)).body.data).toHaveLength(1);
  });
});

describe('BR-SCH-4 one number per patient per session', () => {
  it('BR-SCH-4 refuses a second hold in the same schedule with 409 DUPLICATE_BOOKING', async () => {
    const { platform, lina } = await world();
    const result = await post(platform, '/v1/slots/slt_zhangwei_0603am_2/hold', lina);
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ code: 'DUPLICATE_BOOKING', detail: 'This patient already holds a number in schedule sch_zhangwei_0603am (BR-SCH-4).' });
  });

  it('BR-SCH-4 checks duplicates before availability, and suspension before duplicates', async () => {
    const { platform, qtph, wangfang, zhaolei } = await world();
    await post(platform, '/v1/slots/slt_zhangwei_0603am_2/hold', wangfang);
    await post(platform, '/v1/slots/slt_zhangwei_0603am_3/release', qtph, { releasedCount: 0 });
    expect((await post(platform, '/v1/slots/slt_zhangwei_0603am_3/hold', wangfang)).body.code).toBe('DUPLICATE_BOOKING');
    // Zhao Lei's checked-in visit survives the suspension, so both rules apply: suspension wins.
    await post(platform, '/v1/schedules/sch_zhangwei_0601am/suspend', qtph, { reason: 'Power cut' });
    expect((await get(platform, '/v1/appointments/apt_zhaolei_0601', zhaolei)).body.status).toBe('checked-in');
    expect((await post(platform, '/v1/slots/slt_zhangwei_0601am_2/hold', zhaolei)).body.code).toBe('SCHEDULE_SUSPENDED');
  });

  it('BR-SCH-4 refuses a waitlist entry beside a number in the same session', async () => {
    const { platform, wangfang } = await world();
    expect((await post(platform, '/v1/slots/slt_zhangwei_0605am_1/waitlist', wangfang)).status).toBe(201);
    expect((await post(platform, '/v1/slots/slt_zhangwei_0605am_1/waitlist', wangfang)).body.code).toBe('DUPLICATE_BOOKING');
    expect((await post(platform, '/v1/slots/slt_zhangwei_0605am_2/hold', wangfang)).body.code).toBe('DUPLICATE_BOOKING');
  });

  it('BR-SCH-4 refuses a reschedule into a session the patient already has a number in', async () => {
    const { platform, lina } = await world();
    expect((await post(platform, '/v1/slots/slt_zhangwei_0604am_1/hold', lina)).status).toBe(201);
    const result = await post(platform, '/v1/appointments/apt_lina_0603/reschedule', lina, { slotId: 'slt_zhangwei_0604am_2' });
    expect(result.body.code).toBe('DUPLICATE_BOOKING');
    expect((await get(platform, '/v1/appointments/apt_lina_0603', lina)).body.status).toBe('booked');
  });

  it('BR-SCH-4 lets a reschedule move to another band of the same session (the old number is given up)', async () => {
    const { platform, lina } = await world();
    const result = await post(platform, '/v1/appointments/apt_lina_0603/reschedule', lina, { slotId: 'slt_zhangwei_0603am_2' });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ status: 'booked', slotId: 'slt_zhangwei_0603am_2', replaces: 'apt_lina_0603' });
  });

  it('BR-SCH-4 a cancelled appointment no longer counts', async () => {
    const { platform, lina } = await world();
    await post(platform, '/v1/appointments/apt_lina_0603/cancel', lina);
    expect((await post(platform, '/v1/slots/slt_zhangwei_0603am_2/hold', lina)).status).toBe(201);
  });
});

describe('BR-SCH-5 refund cut-off', () => {
  it('BR-SCH-5 refuses a patient cancelling after the cut-off with 409 REFUND_CUTOFF_PASSED', async () => {
    const { platform, lina } = await world();
    const result = await post(platform, '/v1/appointments/apt_lina_0601/cancel', lina);
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ code: 'REFUND_CUTOFF_PASSED', detail: 'Cancellation closed 120 minutes before the slot start (BR-SCH-5).' });
  });

  it('BR-SCH-5 allows a patient to cancel until exactly the cut-off, with the whole fee refunded', async () => {
    const { platform, lina } = await world();
    platform.clock.set('2026-06-03T06:00:00+08:00');
    const fresh = (await patientLogin(platform, MOBILE.lina)).token;
    const result = await post(platform, '/v1/appointments/apt_lina_0603/cancel', fresh);
    expect(result.status).toBe(200);
    expect(result.body.cancellation).toMatchObject({ reason: 'patient-request', note: null, refundAmount: { amountFen: 5000 }, cancelledAt: '2026-06-03T06:00:00+08:00' });
    expect(lina).not.toBe(fresh);
  });

  it('BR-SCH-5 refuses one second after the cut-off', async () => {
    const { platform } = await world();
    platform.clock.set('2026-06-03T06:00:01+08:00');
    const lina = (await patientLogin(platform, MOBILE.lina)).token;
    expect((await post(platform, '/v1/appointments/apt_lina_0603/cancel', lina)).body.code).toBe('REFUND_CUTOFF_PASSED');
  });

  it('BR-SCH-5 refuses rescheduling away after the cut-off', async () => {
    const { platform, lina } = await world();
    const result = await post(platform, '/v1/appointments/apt_lina_0601/reschedule', lina, { slotId: 'slt_zhangwei_0604am_1' });
    expect(result.body.code).toBe('REFUND_CUTOFF_PASSED');
  });

  it('BR-SCH-5 does not bind the hospital, which cancels with refund at any time', async () => {
    const { platform, qtph } = await world();
    const result = await post(platform, '/v1/appointments/apt_lina_0601/cancel', qtph, { note: 'Clinic closed' });
    expect(result.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'hospital-request', note: 'Clinic closed', refundAmount: { amountFen: 5000 } } });
  });

  it('BR-SCH-5 lets a patient drop a hold after the cut-off (nothing was paid)', async () => {
    const { platform, wangfang } = await world();
    platform.clock.set('2026-06-01T08:05:00+08:00');
    const hold = await post(platform, '/v1/slots/slt_zhangwei_0601am_2/hold', wangfang);
    const result = await post(platform, `/v1/appointments/${hold.body.id}/cancel`, wangfang);
    expect(result.body.cancellation).toMatchObject({ refundAmount: { amountFen: 0 } });
  });
});

describe('reschedule', () => {
  it('books the new slot and cancels the old appointment in one step', async () => {
    const { platform, lina, qtph } = await world();
    const result = await post(platform, '/v1/appointments/apt_lina_0603/reschedule', lina, { slotId: 'slt_zhangwei_0604am_1' });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ status: 'booked', slotId: 'slt_zhangwei_0604am_1', queueNumber: 2, replaces: 'apt_lina_0603', fee: { amountFen: 5000 } });
    const old = (await get(platform, '/v1/appointments/apt_lina_0603', lina)).body;
    expect(old).toMatchObject({ status: 'cancelled', replacedBy: result.body.id, cancellation: { reason: 'rescheduled', refundAmount: { amountFen: 0 } } });
    expect((await get(platform, '/v1/slots/slt_zhangwei_0603am_1', qtph)).body.remaining).toBe(6);
    const types = (await get(platform, '/v1/events', lina)).body.data.map((e: { type: string }) => e.type);
    expect(types).toEqual(['appointment.booked', 'appointment.cancelled']);
  });

  it('answers an unknown slot with 400 at /body/slotId, code not_found', async () => {
    const { platform, lina } = await world();
    const result = await post(platform, '/v1/appointments/apt_lina_0603/reschedule', lina, { slotId: 'slt_nowhere' });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([{ pointer: '/body/slotId', code: 'not_found', message: expect.any(String) }]);
  });

  it('needs a booked appointment', async () => {
    const { platform, wangfang } = await world();
    const result = await post(platform, '/v1/appointments/apt_wangfang_hold/reschedule', wangfang, { slotId: 'slt_zhangwei_0604am_1' });
    expect(result.body).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'pending' });
  });
});

describe('publishing schedules and releasing numbers', () => {
  const body = {
    departmentId: 'dep_qtph_endo',
    practitionerId: 'prc_zhangwei',
    date: '2026-06-15',
    period: 'am',
    registrationLevel: 'expert',
    fee: { amountFen: 5000, currency: 'CNY' },
    slots: [
      { startTime: '2026-06-15T08:00:00+08:00', endTime: '2026-06-15T09:00:00+08:00', capacity: 10, releasedCount: 6 },
      { startTime: '2026-06-15T09:00:00+08:00', endTime: '2026-06-15T10:00:00+08:00', capacity: 10, releasedCount: 6 },
    ],
  };

  it('publishes a schedule with numbered bands and emits schedule.published', async () => {
    const { platform, qtph, wangfang } = await world();
    const result = await post(platform, '/v1/schedules', qtph, body);
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ status: 'active', capacity: 20, releasedCount: 12, remaining: 12, createdAt: '2026-06-01T08:00:00+08:00' });
    const slots = (await get(platform, `/v1/slots?scheduleId=${result.body.id}`, wangfang)).body.data;
    expect(slots.map((s: { firstQueueNumber: number }) => s.firstQueueNumber)).toEqual([1, 11]);
    expect((await get(platform, '/v1/events', qtph)).body.data).toEqual([
      expect.objectContaining({ type: 'schedule.published', data: { object: 'schedule', id: result.body.id, status: 'active', organizationId: 'org_qtph' } }),
    ]);
  });

  it('keeps a referral quota out of what is released to the public', async () => {
    const { platform, qtph, wangfang } = await world();
    const slots = [{ ...body.slots[0], releasedCount: 6, referralQuota: 2 }, body.slots[1]];
    const result = await post(platform, '/v1/schedules', qtph, { ...body, slots });
    expect(result.body).toMatchObject({ capacity: 20, releasedCount: 12, remaining: 12 });
    const published = (await get(platform, `/v1/slots?scheduleId=${result.body.id}`, wangfang)).body.data;
    expect(published.map((s: { referralQuota: number; referralRemaining: number }) => [s.referralQuota, s.referralRemaining])).toEqual([
      [2, 2],
      [0, 0],
    ]);
    const over = await post(platform, '/v1/schedules', qtph, { ...body, date: '2026-06-16', slots: [{ ...body.slots[0], releasedCount: 9, referralQuota: 2 }] });
    expect(over.body.errors).toEqual([{ pointer: '/body/slots/0/releasedCount', code: 'maximum', message: 'must be <= capacity minus the referral quota (8)' }]);
  });

  it('refuses the same doctor, date and period twice with 409 SCHEDULE_CONFLICT', async () => {
    const { platform, qtph } = await world();
    const result = await post(platform, '/v1/schedules', qtph, { ...body, date: '2026-06-03' });
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ code: 'SCHEDULE_CONFLICT', detail: 'prc_zhangwei already has a schedule on 2026-06-03 am.' });
  });

  it("names another organization's department and doctor, inverted bands and over-release together", async () => {
    const { platform, linan } = await world();
    const result = await post(platform, '/v1/schedules', linan, {
      ...body,
      slots: [body.slots[0], { startTime: '2026-06-15T10:00:00+08:00', endTime: '2026-06-15T09:00:00+08:00', capacity: 10, releasedCount: 11 }],
    });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      { pointer: '/body/departmentId', code: 'not_found', message: expect.any(String) },
      { pointer: '/body/practitionerId', code: 'not_found', message: expect.any(String) },
      { pointer: '/body/slots/1/endTime', code: 'exclusiveMinimum', message: expect.any(String) },
      { pointer: '/body/slots/1/releasedCount', code: 'maximum', message: expect.any(String) },
    ]);
  });

  it('releases numbers within capacity and never below what is taken', async () => {
    const { platform, qtph } = await world();
    const over = await post(platform, '/v1/slots/slt_zhangwei_0603am_1/release', qtph, { releasedCount: 11 });
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([{ pointer: '/body/releasedCount', code: 'maximum', message: 'must be <= capacity (10)' }]);
    const below = await post(platform, '/v1/slots/slt_zhangwei_0605am_1/release', qtph, { releasedCount: 5 });
    expect(below.status).toBe(409);
    expect(below.body).toMatchObject({ code: 'RELEASE_BELOW_TAKEN', detail: '6 numbers are already held or booked; releasedCount must be at least 6.' });
    const raised = await post(platform, '/v1/slots/slt_zhangwei_0603am_1/release', qtph, { releasedCount: 8 });
    expect(raised.body).toMatchObject({ releasedCount: 8, remaining: 7 });
    expect((await get(platform, '/v1/events?type=slot.released', qtph)).body.data[0].data).toEqual({
      object: 'slot',
      id: 'slt_zhangwei_0603am_1',
      status: 'open',
      organizationId: 'org_qtph',
    });
  });
});

describe('tenancy', () => {
  it("answers a patient asking for another patient's appointment with 404", async () => {
    const { platform, wangfang } = await world();
    const result = await get(platform, '/v1/appointments/apt_lina_0603', wangfang);
    expect(result.status).toBe(404);
    expect(result.body.code).toBe('NOT_FOUND');
    expect((await post(platform, '/v1/appointments/apt_lina_0603/cancel', wangfang)).status).toBe(404);
    expect((await get(platform, '/v1/appointments?patientId=pat_lina', wangfang)).body.data).toEqual([]);
  });

  it("answers a hospital asking for another hospital's schedule, slot or appointment with 404", async () => {
    const { platform, linan } = await world();
    expect((await get(platform, '/v1/schedules/sch_zhangwei_0603am', linan)).status).toBe(404);
    expect((await get(platform, '/v1/slots/slt_zhangwei_0603am_1', linan)).status).toBe(404);
    expect((await get(platform, '/v1/appointments/apt_lina_0603', linan)).status).toBe(404);
    expect((await get(platform, '/v1/slots?organizationId=org_qtph', linan)).body.data).toEqual([]);
  });

  it("answers another organization acting on a hospital's resources with 404 and changes nothing", async () => {
    const { platform, linan } = await world();
    const before = platform.digest();
    expect((await post(platform, '/v1/appointments/apt_lina_0603/cancel', linan)).status).toBe(404);
    expect((await post(platform, '/v1/appointments/apt_lina_0601/check-in', linan)).status).toBe(404);
    expect((await post(platform, '/v1/schedules/sch_zhangwei_0603am/suspend', linan, { reason: 'x' })).status).toBe(404);
    expect((await post(platform, '/v1/slots/slt_zhangwei_0603am_1/release', linan, { releasedCount: 7 })).status).toBe(404);
    expect(platform.digest()).toBe(before);
  });

  it('lets patients see every institution while hospitals list only their own', async () => {
    const { platform, qtph, linan, lina } = await world();
    const all = await walk(platform, '/v1/slots', lina);
    const own = (await walk(platform, '/v1/slots', linan)) as unknown as { organizationId: string }[];
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((s) => s.organizationId === 'org_linan')).toBe(true);
    expect(all.length).toBeGreaterThan(own.length);
    const appointments = (await walk(platform, '/v1/appointments', qtph)) as unknown as { organizationId: string }[];
    expect(appointments.length).toBeGreaterThan(0);
    expect(appointments.every((a) => a.organizationId === 'org_qtph')).toBe(true);
    const mine = (await walk(platform, '/v1/appointments', lina)) as unknown as { patientId: string }[];
    expect(mine.map((a) => a.patientId)).toEqual(['pat_lina', 'pat_lina']);
  });
});

describe('pagination', () => {
  it('walks every page of slots, schedules and appointments with no duplicates, in the documented order', async () => {
    const { platform, lina, qtph } = await world();
    for (const [path, token] of [['/v1/slots', lina], ['/v1/schedules', lina], ['/v1/appointments', qtph]] as const) {
      const small = await walk(platform, path, token, 7);
      const large = await walk(platform, path, token, 100);
      expect(new Set(small.map((i) => i.id)).size).toBe(small.length);
      expect(small.map((i) => i.id)).toEqual(large.map((i) => i.id));
    }
    const slots = (await walk(platform, '/v1/slots', lina, 50)) as unknown as { id: string; startTime: string }[];
    const sorted = [...slots].sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(slots.map((s) => s.id)).toEqual(sorted.map((s) => s.id));
    const appointments = (await walk(platform, '/v1/appointments', qtph, 9)) as unknown as { createdAt: string }[];
    const times = appointments.map((a) => Date.parse(a.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('orders schedules by date, period and id', async () => {
    const { platform, lina } = await world();
    const page = (await get(platform, '/v1/schedules?practitionerId=prc_qianhui&limit=3', lina)).body;
    expect(page.data.map((s: { id: string }) => s.id)).toEqual(['sch_qianhui_0601evening', 'sch_qianhui_0602evening', 'sch_qianhui_0603evening']);
    expect(typeof page.nextCursor).toBe('string');
    const sameDay = (await get(platform, '/v1/schedules?dateFrom=2026-06-01&dateTo=2026-06-01&organizationId=org_qtph&limit=100', lina)).body.data;
    const periods = sameDay.map((s: { period: string }) => s.period);
    expect(periods.indexOf('pm')).toBeGreaterThan(periods.lastIndexOf('am'));
    expect(periods.indexOf('evening')).toBeGreaterThan(periods.lastIndexOf('pm'));
  });

  it('rejects a cursor it did not issue', async () => {
    const { platform, lina } = await world();
    const result = await get(platform, '/v1/slots?cursor=bogus', lina);
    expect(result.status).toBe(400);
    expect(result.body.errors[0]).toMatchObject({ pointer: '/query/cursor', code: 'malformed' });
  });
});
