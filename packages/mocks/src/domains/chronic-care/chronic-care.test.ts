import { describe, expect, it } from 'vitest';
import { call, MOBILE, orgToken, patientLogin, testPlatform } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';
import { isOutOfRange } from './rules.js';

async function world() {
  const platform = testPlatform();
  return {
    platform,
    jiuzhou: await orgToken(platform, 'jiuzhou'),
    xixi: await orgToken(platform, 'xixi'),
    renai: await orgToken(platform, 'renai'),
    lina: (await patientLogin(platform, MOBILE.lina)).token,
  };
}

const post = (platform: MockPlatform, path: string, token: string, body?: unknown) =>
  call(platform, 'POST', path, { token, ...(body === undefined ? {} : { body }) });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });
const careEvents = async (platform: MockPlatform, token: string) =>
  ((await get(platform, '/v1/events?limit=100', token)).body.data as { type: string; createdAt: string; data: { id: string; status: string } }[])
    .filter((event) => /^(care_programme_enrolment|measurement|follow_up_task)\./.test(event.type))
    .map((event) => `${event.createdAt} ${event.type} ${event.data.id} ${event.data.status}`);

const LINA = '/v1/care-programme-enrolments/cen_lina_jiuzhou_diabetes';
const DAY_MS = 24 * 3600 * 1000;

describe('enrolment and the follow-up schedule', () => {
  it('enrols a patient with the first follow-up due after the interval; reminders and the next task come on the mock clock', async () => {
    const { platform, xixi } = await world();
    const enrolled = await post(platform, '/v1/care-programme-enrolments', xixi, { programmeId: 'prg_xixi_hypertension', patientId: 'pat_zhaolei' });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ organizationId: 'org_xixi', patientId: 'pat_zhaolei', condition: 'hypertension', status: 'active' });
    const id = enrolled.body.id as string;
    const [first] = (await get(platform, `/v1/follow-up-tasks?enrolmentId=${id}`, xixi)).body.data;
    expect(first).toMatchObject({ reason: 'scheduled', status: 'open', dueAt: '2026-07-01T08:00:00+08:00', measurementId: null });

    platform.clock.advance(30 * DAY_MS);
    const token = await orgToken(platform, 'xixi');
    const tasks = (await get(platform, `/v1/follow-up-tasks?enrolmentId=${id}`, token)).body.data;
    expect(tasks.map((t: { dueAt: string; status: string }) => [t.dueAt, t.status])).toEqual([
      ['2026-07-01T08:00:00+08:00', 'open'],
      ['2026-07-31T08:00:00+08:00', 'open'],
    ]);
    expect(await careEvents(platform, token)).toEqual([
      `2026-06-01T08:00:00+08:00 care_programme_enrolment.created ${id} active`,
      `2026-06-01T08:00:00+08:00 follow_up_task.created ${first.id} open`,
      `2026-07-01T08:00:00+08:00 follow_up_task.reminder_due ${first.id} open`,
      `2026-07-01T08:00:00+08:00 follow_up_task.created ${tasks[1].id} open`,
    ]);
  });

  it('completes a task (no reminder then) and stops scheduling once the patient is withdrawn', async () => {
    const { platform, jiuzhou } = await world();
    const done = await post(platform, '/v1/follow-up-tasks/fut_lina_diabetes_0602/complete', jiuzhou, { note: 'Phoned: stable.' });
    expect(done.body).toMatchObject({ status: 'completed', completedAt: '2026-06-01T08:00:00+08:00', note: 'Phoned: stable.' });
    const again = await post(platform, '/v1/follow-up-tasks/fut_lina_diabetes_0602/complete', jiuzhou, { note: 'Twice' });
    expect([again.status, again.body.code, again.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'completed']);
    expect((await post(platform, `${LINA}/withdraw`, jiuzhou)).body).toMatchObject({ status: 'withdrawn', withdrawnAt: '2026-06-01T08:00:00+08:00' });

    platform.clock.advance(DAY_MS);
    const token = await orgToken(platform, 'jiuzhou');
    expect((await get(platform, '/v1/follow-up-tasks?enrolmentId=cen_lina_jiuzhou_diabetes', token)).body.data).toHaveLength(1);
    expect((await careEvents(platform, token)).filter((e) => e.includes('reminder_due'))).toEqual([]);
    const late = await post(platform, `${LINA}/measurements`, token, { type: 'glucose', value: 6.1, measuredAt: '2026-06-02T07:00:00+08:00' });
    expect([late.status, late.body.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
  });

  it('refuses a second active enrolment in the same programme with ALREADY_ENROLLED', async () => {
    const { platform, jiuzhou } = await world();
    const again = await post(platform, '/v1/care-programme-enrolments', jiuzhou, { programmeId: 'prg_jiuzhou_diabetes', patientId: 'pat_lina' });
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_ENROLLED']);
    // After withdrawal the patient may join again.
    await post(platform, `${LINA}/withdraw`, jiuzhou);
    expect((await post(platform, '/v1/care-programme-enrolments', jiuzhou, { programmeId: 'prg_jiuzhou_diabetes', patientId: 'pat_lina' })).status).toBe(201);
  });
});

describe('measurements', () => {
  it('BR-CHR-1: an out-of-range measurement creates a follow-up task at once, due within a day', async () => {
    const { platform, lina, jiuzhou } = await world();
    const high = await post(platform, `${LINA}/measurements`, lina, { type: 'glucose', value: 11.6, measuredAt: '2026-06-01T07:30:00+08:00' });
    expect(high.status).toBe(201);
    expect(high.body).toMatchObject({ type: 'glucose', value: 11.6, systolic: null, unit: 'mmol/L', outOfRange: true, recordedBy: 'patient' });
    const taskId = high.body.followUpTaskId as string;
    const tasks = (await get(platform, '/v1/follow-up-tasks?status=open', jiuzhou)).body.data;
    expect(tasks.find((t: { id: string }) => t.id === taskId)).toMatchObject({
      reason: 'out-of-range-measurement',
      measurementId: high.body.id,
      dueAt: '2026-06-02T08:00:00+08:00',
      createdAt: '2026-06-01T08:00:00+08:00',
    });
    expect(await careEvents(platform, lina)).toEqual([
      `2026-06-01T08:00:00+08:00 measurement.recorded ${high.body.id} out-of-range`,
      `2026-06-01T08:00:00+08:00 follow_up_task.created ${taskId} open`,
    ]);
  });

  it('BR-CHR-1: an in-range measurement creates no task', async () => {
    const { platform, jiuzhou } = await world();
    const normal = await post(platform, `${LINA}/measurements`, jiuzhou, { type: 'hba1c', value: 6.5, measuredAt: '2026-06-01T07:00:00+08:00' });
    expect(normal.body).toMatchObject({ unit: '%', outOfRange: false, followUpTaskId: null, recordedBy: 'organization' });
    expect((await get(platform, '/v1/follow-up-tasks?enrolmentId=cen_lina_jiuzhou_diabetes', jiuzhou)).body.data).toHaveLength(1);
  });

  it('applies the documented thresholds of every type', () => {
    const glucose = (value: number) => isOutOfRange({ type: 'glucose', value });
    const bp = (systolic: number, diastolic: number) => isOutOfRange({ type: 'blood-pressure', systolic, diastolic });
    expect([glucose(3.8), glucose(3.9), glucose(10.0), glucose(10.1)]).toEqual([true, false, false, true]);
    expect([bp(139, 89), bp(140, 80), bp(120, 90), bp(89, 70), bp(110, 59)]).toEqual([false, true, true, true, true]);
    expect([isOutOfRange({ type: 'hba1c', value: 7.0 }), isOutOfRange({ type: 'hba1c', value: 7.1 })]).toEqual([false, true]);
  });

  it('stores blood pressure in mmHg, and refuses a type the programme does not follow or the wrong fields', async () => {
    const { platform, xixi } = await world();
    const id = (await post(platform, '/v1/care-programme-enrolments', xixi, { programmeId: 'prg_xixi_hypertension', patientId: 'pat_zhaolei' })).body.id as string;
    const bp = await post(platform, `/v1/care-programme-enrolments/${id}/measurements`, xixi, { type: 'blood-pressure', systolic: 152, diastolic: 96, measuredAt: '2026-06-01T07:30:00+08:00' });
    expect(bp.body).toMatchObject({ value: null, systolic: 152, diastolic: 96, unit: 'mmHg', outOfRange: true });
    const glucose = await post(platform, `/v1/care-programme-enrolments/${id}/measurements`, xixi, { type: 'glucose', value: 5, measuredAt: '2026-06-01T07:30:00+08:00' });
    expect([glucose.status, glucose.body.errors[0].pointer]).toEqual([400, '/body/type']);
    const mixed = await post(platform, `/v1/care-programme-enrolments/${id}/measurements`, xixi, { type: 'blood-pressure', value: 5, systolic: 120, measuredAt: '2026-06-01T07:30:00+08:00' });
    expect(mixed.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/diastolic', '/body/value']);
    const future = await post(platform, `/v1/care-programme-enrolments/${id}/measurements`, xixi, { type: 'blood-pressure', systolic: 120, diastolic: 80, measuredAt: '2026-06-01T09:00:00+08:00' });
    expect(future.body.errors[0].pointer).toBe('/body/measuredAt');
  });
});

describe('chronic-care tenancy and audit', () => {
  it('shows an enrolment, its measurements and tasks to its institution and patient only', async () => {
    const { platform, lina, renai, xixi } = await world();
    expect((await get(platform, LINA, lina)).body.status).toBe('active');
    expect((await get(platform, LINA, renai)).status).toBe(404);
    expect((await get(platform, `${LINA}/measurements`, xixi)).status).toBe(404);
    expect((await post(platform, `${LINA}/measurements`, renai, { type: 'glucose', value: 5, measuredAt: '2026-06-01T07:00:00+08:00' })).status).toBe(404);
    expect((await post(platform, '/v1/follow-up-tasks/fut_lina_diabetes_0602/complete', xixi, { note: 'x' })).status).toBe(404);
    expect((await post(platform, '/v1/care-programme-enrolments', xixi, { programmeId: 'prg_jiuzhou_diabetes', patientId: 'pat_zhaolei' })).status).toBe(404);
    expect((await get(platform, '/v1/follow-up-tasks', renai)).body.data).toEqual([]);
    const wangfang = (await patientLogin(platform, MOBILE.wangfang)).token;
    expect((await get(platform, `${LINA}/measurements`, wangfang)).status).toBe(404);
    const denied = await post(platform, `${LINA}/withdraw`, lina);
    expect([denied.status, denied.body.code]).toEqual([403, 'INSUFFICIENT_SCOPE']);
  });

  it("audits an institution's reads of measurements (as observations, purpose treatment), not the patient's own", async () => {
    const { platform, lina, jiuzhou } = await world();
    expect((await get(platform, `${LINA}/measurements`, lina)).body.data).toHaveLength(1);
    expect((await get(platform, `${LINA}/measurements`, jiuzhou)).body).toMatchObject({ enrolmentId: 'cen_lina_jiuzhou_diabetes', patientId: 'pat_lina' });
    const entries = (await get(platform, '/v1/audit-events?patientId=pat_lina', lina)).body.data as { organizationId: string; resourceType: string; resourceId: string; purpose: string }[];
    expect(entries.filter((e) => e.resourceId === 'msr_lina_glucose_0528').map((e) => [e.organizationId, e.resourceType, e.purpose])).toEqual([['org_jiuzhou', 'observation', 'treatment']]);
  });
});
