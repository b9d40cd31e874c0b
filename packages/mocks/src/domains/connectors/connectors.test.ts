import { afterEach, describe, expect, it } from 'vitest';
import { call, orgToken, patientLogin, testPlatform, MOBILE } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';
import { ScriptedAgent, sleep, type Command, type Decide } from './agent.test-helpers.js';

const SLOT = 'slt_zhangwei_0603am_1';
const TIMINGS = { commandTimeoutMs: 400, leaseMs: 60, maxPollWaitMs: 150, degradedAfterMs: 30_000, offlineAfterMs: 90_000 };
const REGISTRATIONS = ['registration.lock', 'registration.confirm', 'registration.cancel'];

const agents: ScriptedAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
});

const post = (platform: MockPlatform, path: string, token: string, body?: unknown, headers?: Record<string, string>) =>
  call(platform, 'POST', path, { token, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });

async function events(platform: MockPlatform, token: string, type: string): Promise<{ type: string; data: { id: string; status: string; reason?: string } }[]> {
  const result = await get(platform, `/v1/events?type=${type}&limit=100`, token);
  return result.body.data;
}

/** A platform where org_qtph swapped its seeded connector for one that relays registrations. */
async function relayWorld(allowedOperations = [...REGISTRATIONS, 'record.fetch', 'report.push']) {
  const platform = testPlatform({ connector: TIMINGS });
  const qtph = await orgToken(platform, 'qtph');
  // A patient new to the platform: no number in the seeded sessions yet (BR-SCH-4).
  const lina = await patientLogin(platform, '13911110000');
  expect((await post(platform, '/v1/connectors/con_qtph_dmz/revoke', qtph)).status).toBe(200);
  const registered = await post(platform, '/v1/connectors', qtph, { name: 'Registrations', allowedOperations });
  expect(registered.status).toBe(201);
  const connectorId = registered.body.id as string;
  const agent = (decide: Decide, session?: string) => {
    const made = new ScriptedAgent(platform, qtph, connectorId, decide, session);
    agents.push(made);
    return made;
  };
  return { platform, qtph, lina, connectorId, agent };
}

/** Locks and confirms with a number derived from the appointment; cancels succeed. */
const hisAccepts: Decide = (command) => {
  if (command.type === 'registration.lock') return { outcome: 'succeeded', result: { hisRegistrationNumber: `GH-${String(command.payload['appointmentId'])}` } };
  if (command.type === 'registration.confirm') return { outcome: 'succeeded', result: { hisRegistrationNumber: String(command.payload['hisRegistrationNumber']) } };
  return { outcome: 'succeeded', result: {} };
};

describe('connectors: registration, tenancy, revocation', () => {
  it('registers one connector per hospital, shows it only to its hospital and revokes it with its pending commands', async () => {
    const platform = testPlatform({ connector: TIMINGS });
    const qtph = await orgToken(platform, 'qtph');
    const linan = await orgToken(platform, 'linan');

    const seeded = await get(platform, '/v1/connectors/con_qtph_dmz', qtph);
    expect(seeded.body).toMatchObject({ status: 'provisioning', allowedOperations: ['record.fetch', 'report.push'], pendingCommands: 1 });
    expect((await get(platform, '/v1/connectors/con_qtph_dmz', linan)).status).toBe(404);
    expect((await get(platform, '/v1/connectors', linan)).body.data).toEqual([]);

    const again = await post(platform, '/v1/connectors', qtph, { name: 'Second', allowedOperations: ['record.fetch'] });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'provisioning' });
    expect((await post(platform, '/v1/connectors/con_qtph_dmz/revoke', linan)).status).toBe(404);

    const revoked = await post(platform, '/v1/connectors/con_qtph_dmz/revoke', qtph);
    expect(revoked.body).toMatchObject({ status: 'revoked', pendingCommands: 0, revokedAt: '2026-06-01T08:00:00+08:00' });
    expect((await post(platform, '/v1/connectors/con_qtph_dmz/revoke', qtph)).status).toBe(409);
    const poll = await get(platform, '/v1/connectors/con_qtph_dmz/commands?wait=0', qtph);
    expect(poll.body).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'revoked' });

    const fresh = await post(platform, '/v1/connectors', qtph, { name: 'Second', allowedOperations: ['record.fetch'] });
    expect(fresh.status).toBe(201);
    expect((await get(platform, '/v1/connectors', qtph)).body.data.map((c: { id: string }) => c.id)).toEqual([fresh.body.id, 'con_qtph_dmz']);
    expect((await events(platform, qtph, 'connector.registered')).map((e) => e.data.id)).toEqual([fresh.body.id]);
    expect((await events(platform, qtph, 'connector.revoked')).map((e) => e.data.id)).toEqual(['con_qtph_dmz']);
  });

  it('judges the status on the mock clock: provisioning, online at the first poll, degraded, offline, degraded when the HIS is unreachable', async () => {
    const platform = testPlatform({ connector: TIMINGS });
    const qtph = await orgToken(platform, 'qtph');
    const status = async () => (await get(platform, '/v1/connectors/con_qtph_dmz', qtph)).body.status as string;
    expect(await status()).toBe('provisioning');
    await get(platform, '/v1/connectors/con_qtph_dmz/commands?wait=0', qtph);
    expect(await status()).toBe('online');
    platform.clock.advance(29_000);
    expect(await status()).toBe('online');
    platform.clock.advance(1_000);
    expect(await status()).toBe('degraded');
    platform.clock.advance(60_000);
    expect(await status()).toBe('offline');
    const beat = await post(platform, '/v1/connectors/con_qtph_dmz/heartbeats', qtph, { version: '1.0.0', hisReachable: true, roundTripP50Ms: 12, roundTripP95Ms: 40 });
    expect(beat.body).toMatchObject({ status: 'online', version: '1.0.0', roundTripP95Ms: 40, lastHeartbeatAt: '2026-06-01T08:01:30+08:00' });
    await post(platform, '/v1/connectors/con_qtph_dmz/heartbeats', qtph, { version: '1.0.0', hisReachable: false });
    expect(await status()).toBe('degraded');
    expect((await events(platform, qtph, 'connector.status_changed')).map((e) => e.data.status)).toEqual(['online', 'degraded', 'offline', 'online', 'degraded']);
  });
});

describe('connectors: the long poll, leases and acknowledgements', () => {
  it('answers at once with waiting commands, waits for a new one, and times out empty', async () => {
    const platform = testPlatform({ connector: { ...TIMINGS, leaseMs: 60_000 } });
    const qtph = await orgToken(platform, 'qtph');
    const lina = await patientLogin(platform, MOBILE.lina);
    const agent = new ScriptedAgent(platform, qtph, 'con_qtph_dmz', () => null);

    let started = performance.now();
    const first = await agent.pollOnce(30);
    expect(performance.now() - started).toBeLessThan(100);
    expect(first).toMatchObject([{ id: 'cmd_qtph_report_1', type: 'report.push', attempt: 1, naturalKey: 'report:doc_zhaolei_20230506' }]);

    started = performance.now();
    expect(await agent.pollOnce(30)).toEqual([]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(TIMINGS.maxPollWaitMs - 10);

    const waiting = agent.pollOnce(30);
    await sleep(20);
    const imported = await post(platform, '/v1/record-imports', lina.token, { organizationId: 'org_qtph' });
    expect(imported.status).toBe(202);
    expect(await waiting).toMatchObject([{ type: 'record.fetch', naturalKey: `record-import:${imported.body.id}`, payload: { patient: { id: 'pat_lina', name: 'Li Na' } } }]);
  });

  it('delivers again after the lease with attempt + 1, and a new session takes over unacknowledged commands at once', async () => {
    const platform = testPlatform({ connector: TIMINGS });
    const qtph = await orgToken(platform, 'qtph');
    const one = new ScriptedAgent(platform, qtph, 'con_qtph_dmz', () => null, 'ses_first_run');
    expect((await one.pollOnce()).map((c) => c.attempt)).toEqual([1]);
    expect(await one.pollOnce()).toEqual([]);
    await sleep(TIMINGS.leaseMs + 20);
    expect((await one.pollOnce()).map((c) => c.attempt)).toEqual([2]);
    const restarted = new ScriptedAgent(platform, qtph, 'con_qtph_dmz', () => null, 'ses_second_run');
    expect((await restarted.pollOnce()).map((c) => c.attempt)).toEqual([3]);
  });

  it('keeps the first acknowledgement: a repeated one changes nothing and answers the same', async () => {
    const platform = testPlatform({ connector: TIMINGS });
    const qtph = await orgToken(platform, 'qtph');
    const agent = new ScriptedAgent(platform, qtph, 'con_qtph_dmz', () => null);
    const [command] = await agent.pollOnce();
    const first = await agent.ack(command as Command, { outcome: 'succeeded', result: { hisReportId: 'RPT-1' } });
    const again = await agent.ack(command as Command, { outcome: 'failed', error: { code: 'HIS_DOWN', message: 'down' } });
    expect(first.body).toEqual({ id: 'cmd_qtph_report_1', type: 'report.push', status: 'succeeded', naturalKey: 'report:doc_zhaolei_20230506' });
    expect(again.body).toEqual(first.body);
    expect((await get(platform, '/v1/connectors/con_qtph_dmz', qtph)).body.pendingCommands).toBe(0);
    const bad = await post(platform, '/v1/connectors/con_qtph_dmz/commands/cmd_nope/result', qtph, { outcome: 'succeeded' });
    expect(bad.status).toBe(404);
  });
});

describe('connectors: scheduling through the HIS', () => {
  it('holds through the connector: the HIS registration number is on the appointment; booking confirms; cancelling queues registration.cancel', async () => {
    const { platform, qtph, lina, agent } = await relayWorld();
    const his = agent(hisAccepts);
    his.start();
    const held = await post(platform, `/v1/slots/${SLOT}/hold`, lina.token);
    expect(held.status).toBe(201);
    const id = held.body.id as string;
    expect(held.body).toMatchObject({ status: 'pending', hisRegistrationNumber: `GH-${id}` });
    expect((await get(platform, `/v1/appointments/${id}`, lina.token)).body.hisRegistrationNumber).toBe(`GH-${id}`);
    expect((await events(platform, qtph, 'appointment.held')).map((e) => e.data.id)).toContain(id);
    const lock = his.received.find((c) => c.type === 'registration.lock');
    expect(lock).toMatchObject({ naturalKey: `registration:${id}`, payload: { appointmentId: id, slotId: SLOT, hisScheduleRef: null, patient: { id: lina.patientId } } });

    const booked = await post(platform, `/v1/appointments/${id}/book`, lina.token);
    expect(booked.body).toMatchObject({ status: 'booked', queueNumber: 2 });
    expect(his.received.find((c) => c.type === 'registration.confirm')?.payload).toEqual({ appointmentId: id, hisRegistrationNumber: `GH-${id}`, queueNumber: 2 });

    expect((await post(platform, `/v1/appointments/${id}/cancel`, lina.token)).body.status).toBe('cancelled');
    await sleep(50);
    await his.stop();
    expect(his.received.filter((c) => c.type === 'registration.cancel').map((c) => c.payload)).toEqual([
      { appointmentId: id, hisRegistrationNumber: `GH-${id}`, reason: 'patient-request' },
    ]);
  });

  it('carries the hisScheduleRef a hospital published its schedule with into the lock', async () => {
    const { platform, qtph, lina, agent } = await relayWorld();
    const created = await post(platform, '/v1/schedules', qtph, {
      departmentId: 'dep_qtph_endo',
      practitionerId: 'prc_zhangwei',
      date: '2026-07-01',
      period: 'pm',
      registrationLevel: 'expert',
      fee: { amountFen: 5000, currency: 'CNY' },
      hisScheduleRef: 'HIS-SCH-20260701-PM-ZW',
      slots: [{ startTime: '2026-07-01T14:00:00+08:00', endTime: '2026-07-01T15:00:00+08:00', capacity: 5, releasedCount: 5 }],
    });
    expect(created.status).toBe(201);
    expect(created.body.hisScheduleRef).toBe('HIS-SCH-20260701-PM-ZW');
    expect((await get(platform, `/v1/schedules/${created.body.id}`, qtph)).body.hisScheduleRef).toBe('HIS-SCH-20260701-PM-ZW');
    const slotId = (await get(platform, `/v1/slots?scheduleId=${created.body.id}`, qtph)).body.data[0].id as string;
    const his = agent(hisAccepts);
    his.start();
    expect((await post(platform, `/v1/slots/${slotId}/hold`, lina.token)).status).toBe(201);
    await his.stop();
    expect(his.received[0]?.payload).toMatchObject({ scheduleId: created.body.id, hisScheduleRef: 'HIS-SCH-20260701-PM-ZW', startTime: '2026-07-01T14:00:00+08:00' });
  });

  it('rolls the reservation back when the HIS refuses: SLOT_UNAVAILABLE, the number back, no held event', async () => {
    const { platform, qtph, lina, agent } = await relayWorld();
    const before = (await get(platform, `/v1/slots/${SLOT}`, qtph)).body.remaining as number;
    agent((command) => (command.type === 'registration.lock' ? { outcome: 'failed', error: { code: 'NO_NUMBER', message: 'No number left in the HIS' } } : null)).start();
    const refused = await post(platform, `/v1/slots/${SLOT}/hold`, lina.token);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SLOT_UNAVAILABLE');
    expect(refused.body.detail).toContain('NO_NUMBER');
    expect((await get(platform, `/v1/slots/${SLOT}`, qtph)).body.remaining).toBe(before);
    expect(await events(platform, qtph, 'appointment.held')).toEqual([]);
    expect((await get(platform, '/v1/appointments?status=pending', lina.token)).body.data).toEqual([]);
  });

  it('UPSTREAM_TIMEOUT: 504 when the HIS does not answer; a delivered lock is cancelled by its natural key, once, even after a late answer', async () => {
    const { platform, qtph, lina, agent } = await relayWorld();
    const silent = agent(() => null);
    await silent.pollOnce();
    const before = (await get(platform, `/v1/slots/${SLOT}`, qtph)).body.remaining as number;
    const pending = post(platform, `/v1/slots/${SLOT}/hold`, lina.token);
    await sleep(30);
    const [lock] = await silent.pollOnce();
    const timedOut = await pending;
    expect(timedOut.status).toBe(504);
    expect(timedOut.body.code).toBe('UPSTREAM_TIMEOUT');
    expect((await get(platform, `/v1/slots/${SLOT}`, qtph)).body.remaining).toBe(before);

    const late = await silent.ack(lock as Command, { outcome: 'succeeded', result: { hisRegistrationNumber: 'GH-LATE' } });
    expect(late.body.status).toBe('succeeded');
    const cancels = (await silent.pollOnce()).filter((c) => c.type === 'registration.cancel');
    expect(cancels).toMatchObject([
      { naturalKey: lock?.naturalKey, payload: { appointmentId: lock?.payload['appointmentId'], hisRegistrationNumber: null, reason: 'lock-abandoned' } },
    ]);
  });

  it('UPSTREAM_TIMEOUT: a lock that succeeds after its compensating cancel already ran gets another cancel (a lost poll answer reorders them)', async () => {
    const { platform, lina, agent } = await relayWorld();
    const silent = agent(() => null);
    await silent.pollOnce();
    const pending = post(platform, `/v1/slots/${SLOT}/hold`, lina.token);
    await sleep(30);
    // The lock is delivered, but the answer of that poll is lost: the agent never saw it.
    const [lock] = await silent.pollOnce();
    expect((await pending).status).toBe(504);
    // The next poll brings the compensating cancel (and the lock again, its lease over): the agent
    // runs the cancel first, which finds nothing in the HIS yet, then the lock, which succeeds.
    const [cancel] = (await silent.pollOnce()).filter((c) => c.type === 'registration.cancel');
    expect((await silent.ack(cancel as Command, { outcome: 'succeeded', result: {} })).body.status).toBe('succeeded');
    await silent.ack(lock as Command, { outcome: 'succeeded', result: { hisRegistrationNumber: 'GH-LATE' } });
    // The registration that lock left in the HIS must be cancelled too.
    const again = (await silent.pollOnce()).filter((c) => c.type === 'registration.cancel');
    expect(again).toMatchObject([{ naturalKey: lock?.naturalKey, payload: { hisRegistrationNumber: null, reason: 'lock-abandoned' } }]);
    expect(again[0]?.id).not.toBe(cancel?.id);
  });

  it('UPSTREAM_TIMEOUT: a lock never delivered is withdrawn', async () => {
    const { platform, lina, agent } = await relayWorld();
    const silent = agent(() => null);
    await silent.pollOnce();
    const timedOut = await post(platform, `/v1/slots/${SLOT}/hold`, lina.token);
    expect(timedOut.status).toBe(504);
    expect(await silent.pollOnce()).toEqual([]);
  });

  it('CONNECTOR_OFFLINE: 503 with Retry-After while the connector was never seen or is offline; nothing reserved', async () => {
    const { platform, qtph, lina, agent } = await relayWorld();
    const before = (await get(platform, `/v1/slots/${SLOT}`, qtph)).body.remaining as number;
    const provisioning = await post(platform, `/v1/slots/${SLOT}/hold`, lina.token);
    expect(provisioning.status).toBe(503);
    expect(provisioning.body.code).toBe('CONNECTOR_OFFLINE');
    expect(provisioning.headers.get('retry-after')).toBe('5');
    await agent(() => null).pollOnce();
    platform.clock.advance(TIMINGS.offlineAfterMs);
    const offline = await post(platform, `/v1/slots/${SLOT}/hold`, lina.token);
    expect(offline.status).toBe(503);
    expect((await get(platform, `/v1/slots/${SLOT}`, qtph)).body.remaining).toBe(before);
  });

  it('a hold that lapses queues registration.cancel (hold-expired)', async () => {
    const { platform, lina, agent } = await relayWorld();
    const his = agent(hisAccepts);
    his.start();
    const held = await post(platform, `/v1/slots/${SLOT}/hold`, lina.token);
    expect(held.status).toBe(201);
    await his.stop();
    platform.clock.advance(11 * 60_000);
    const cancels = (await his.pollOnce()).filter((c) => c.type === 'registration.cancel');
    expect(cancels.map((c) => c.payload)).toEqual([{ appointmentId: held.body.id, hisRegistrationNumber: `GH-${held.body.id}`, reason: 'hold-expired' }]);
  });

  it('answers 409 IDEMPOTENCY_IN_PROGRESS to a second request with the same key while the first awaits the HIS', async () => {
    const { platform, lina, agent } = await relayWorld();
    const his = agent(() => null);
    await his.pollOnce();
    const headers = { 'Idempotency-Key': 'hold-once-please' };
    const first = post(platform, `/v1/slots/${SLOT}/hold`, lina.token, undefined, headers);
    await sleep(20);
    const second = await post(platform, `/v1/slots/${SLOT}/hold`, lina.token, undefined, headers);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    const [lock] = await his.pollOnce();
    await his.ack(lock as Command, { outcome: 'succeeded', result: { hisRegistrationNumber: 'GH-7' } });
    const answered = await first;
    expect(answered.status).toBe(201);
    const replay = await post(platform, `/v1/slots/${SLOT}/hold`, lina.token, undefined, headers);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(answered.body.id);
  });

  it('BR-SCH-1: 20 concurrent holds for the last 3 numbers through a connector never oversell', async () => {
    const { platform, qtph, agent } = await relayWorld();
    const slot = (await get(platform, `/v1/slots/${SLOT}`, qtph)).body;
    const taken = slot.releasedCount - slot.remaining;
    expect((await post(platform, `/v1/slots/${SLOT}/release`, qtph, { releasedCount: taken + 3 })).status).toBe(200);
    const his = agent(hisAccepts);
    his.start();
    const patients = await Promise.all(Array.from({ length: 20 }, (_, i) => patientLogin(platform, `1390000${String(i).padStart(4, '0')}`)));
    const answers = await Promise.all(patients.map((p) => post(platform, `/v1/slots/${SLOT}/hold`, p.token)));
    await his.stop();
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 409 && a.body.code === 'SLOT_UNAVAILABLE')).toHaveLength(17);
    expect((await get(platform, `/v1/slots/${SLOT}`, qtph)).body.remaining).toBe(0);
    expect(his.received.filter((c) => c.type === 'registration.lock')).toHaveLength(3);
  });

  it('UPSTREAM_TIMEOUT: a booking the HIS does not confirm in time answers 504 and stays pending', async () => {
    const { platform, lina, agent } = await relayWorld();
    const his = agent((command) => (command.type === 'registration.lock' ? hisAccepts(command) : null));
    his.start();
    const held = await post(platform, `/v1/slots/${SLOT}/hold`, lina.token);
    expect(held.status).toBe(201);
    const timedOut = await post(platform, `/v1/appointments/${held.body.id}/book`, lina.token);
    expect(timedOut.status).toBe(504);
    expect((await get(platform, `/v1/appointments/${held.body.id}`, lina.token)).body).toMatchObject({ status: 'pending', queueNumber: null });
  });

  it('reschedules through the HIS: the new number is locked, booked and confirmed; the old registration is cancelled', async () => {
    const { platform, lina, agent } = await relayWorld();
    const his = agent(hisAccepts);
    his.start();
    const held = await post(platform, `/v1/slots/${SLOT}/hold`, lina.token);
    const booked = await post(platform, `/v1/appointments/${held.body.id}/book`, lina.token);
    expect(booked.body.status).toBe('booked');
    const moved = await post(platform, `/v1/appointments/${held.body.id}/reschedule`, lina.token, { slotId: 'slt_zhangwei_0603am_2' });
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({ status: 'booked', replaces: held.body.id, hisRegistrationNumber: `GH-${moved.body.id}` });
    await sleep(50);
    await his.stop();
    expect(his.received.map((c) => `${c.type} ${c.naturalKey}`)).toEqual([
      `registration.lock registration:${held.body.id}`,
      `registration.confirm registration:${held.body.id}`,
      `registration.lock registration:${moved.body.id}`,
      `registration.cancel registration:${held.body.id}`,
      `registration.confirm registration:${moved.body.id}`,
    ]);
  });

  it('a suspension pushed by the hospital cancels its bookings without sending registration.cancel', async () => {
    const { platform, qtph, lina, agent } = await relayWorld();
    const his = agent(hisAccepts);
    his.start();
    const held = await post(platform, `/v1/slots/${SLOT}/hold`, lina.token);
    expect(held.status).toBe(201);
    expect((await post(platform, `/v1/schedules/${held.body.scheduleId}/suspend`, qtph, { reason: '停诊: doctor ill' })).status).toBe(200);
    await sleep(50);
    await his.stop();
    expect((await get(platform, `/v1/appointments/${held.body.id}`, lina.token)).body.status).toBe('cancelled');
    expect(his.received.filter((c) => c.type === 'registration.cancel')).toEqual([]);
  });

  it('hospitals without a locking connector book natively: hisRegistrationNumber stays null', async () => {
    const platform = testPlatform({ connector: TIMINGS });
    const lina = await patientLogin(platform, '13911110000');
    const held = await post(platform, `/v1/slots/${SLOT}/hold`, lina.token);
    expect(held.status).toBe(201);
    expect(held.body.hisRegistrationNumber).toBeNull();
  });
});

describe('connectors: record imports and report pushes', () => {
  it('imports a patient’s HIS documents end to end, once per HIS document', async () => {
    const platform = testPlatform({ connector: TIMINGS });
    const qtph = await orgToken(platform, 'qtph');
    const lina = await patientLogin(platform, MOBILE.lina);
    const documents = [
      { hisDocumentId: 'MZ-20251118-0042', type: 'outpatient-record', title: 'Endocrinology outpatient record', effectiveDate: '2025-11-18' },
      { hisDocumentId: 'LAB-20260520-0007', type: 'lab-report', title: 'Lipid panel', effectiveDate: '2026-05-20' },
    ];
    const agent = new ScriptedAgent(platform, qtph, 'con_qtph_dmz', (command) =>
      command.type === 'record.fetch' ? { outcome: 'succeeded', result: { documents } } : null,
    );
    const started = await post(platform, '/v1/record-imports', lina.token, { organizationId: 'org_qtph' });
    expect(started.body).toMatchObject({ status: 'pending', documentIds: [], completedAt: null });
    for (const command of await agent.pollOnce()) {
      const answer = agent['decide'](command);
      if (answer) await agent.ack(command, answer);
    }
    const done = await get(platform, `/v1/record-imports/${started.body.id}`, lina.token);
    // MZ-20251118-0042 came in with the seeded import rim_lina_qtph_1: only the lipid panel is new.
    expect(done.body).toMatchObject({ status: 'completed', completedAt: '2026-06-01T08:00:00+08:00' });
    expect(done.body.documentIds).toHaveLength(1);
    const document = await get(platform, `/v1/documents/${done.body.documentIds[0]}`, lina.token);
    expect(document.body).toMatchObject({ title: 'Lipid panel', organizationId: 'org_qtph', patientId: 'pat_lina' });
    expect((await events(platform, lina.token, 'record_import.completed')).map((e) => e.data.id)).toEqual([started.body.id]);
    expect((await events(platform, lina.token, 'document.created')).map((e) => e.data.id)).toEqual(done.body.documentIds);
    const wangfang = await patientLogin(platform, MOBILE.wangfang);
    expect((await get(platform, `/v1/record-imports/${started.body.id}`, wangfang.token)).status).toBe(404);
  });

  it('fails an import the HIS refuses (record_import.failed)', async () => {
    const platform = testPlatform({ connector: TIMINGS });
    const qtph = await orgToken(platform, 'qtph');
    const lina = await patientLogin(platform, MOBILE.lina);
    const started = await post(platform, '/v1/record-imports', lina.token, { organizationId: 'org_qtph' });
    const agent = new ScriptedAgent(platform, qtph, 'con_qtph_dmz', () => null);
    const fetch = (await agent.pollOnce()).find((c) => c.type === 'record.fetch');
    await agent.ack(fetch as Command, { outcome: 'failed', error: { code: 'PATIENT_NOT_FOUND', message: 'No such patient in the HIS' } });
    const failed = await get(platform, `/v1/record-imports/${started.body.id}`, lina.token);
    expect(failed.body).toMatchObject({ status: 'failed', documentIds: [], error: { code: 'PATIENT_NOT_FOUND' } });
    expect((await events(platform, lina.token, 'record_import.failed')).map((e) => e.data.id)).toEqual([started.body.id]);
  });

  it('pushes a consultation opinion into the requesting hospital’s HIS after the task completes (report.push)', async () => {
    const platform = testPlatform({ connector: TIMINGS });
    const linan = await orgToken(platform, 'linan');
    const qtph = await orgToken(platform, 'qtph');
    const registered = await post(platform, '/v1/connectors', linan, { name: 'County DMZ', allowedOperations: ['report.push'] });
    const agent = new ScriptedAgent(platform, linan, registered.body.id, () => null);
    const created = await post(platform, '/v1/consultations', linan, {
      kind: 'remote-consultation',
      patientId: 'pat_zhaolei',
      encounterId: 'enc_zhaolei_linan',
      requestingPractitionerId: 'prc_wanggang',
      question: 'Resistant hypertension: next step?',
      documentIds: ['doc_zhaolei_20230506'],
      experts: [{ organizationId: 'org_qtph', departmentId: 'dep_qtph_cardio' }],
    });
    expect(created.status).toBe(201);
    const [taskId] = created.body.taskIds as [string];
    await post(platform, `/v1/consultation-tasks/${taskId}/accept`, qtph, { practitionerId: 'prc_chenjing' });
    await post(platform, `/v1/consultation-tasks/${taskId}/start`, qtph);
    expect(await agent.pollOnce()).toEqual([]);
    const done = await post(platform, `/v1/consultation-tasks/${taskId}/complete`, qtph, {
      text: 'Screen for primary aldosteronism first.',
      conclusion: 'Screen before escalating.',
      signature: { practitionerId: 'prc_chenjing' },
    });
    expect(done.status).toBe(200);
    const documentId = done.body.opinion.documentId as string;
    expect(await agent.pollOnce()).toMatchObject([
      { type: 'report.push', naturalKey: `report:${documentId}`, payload: { documentId, patientId: 'pat_zhaolei', documentType: 'consultation-opinion' } },
    ]);
  });

  it('CONNECTOR_OPERATION_NOT_ALLOWED: importing from a hospital without a connector that allows record.fetch', async () => {
    const platform = testPlatform({ connector: TIMINGS });
    const lina = await patientLogin(platform, MOBILE.lina);
    const refused = await post(platform, '/v1/record-imports', lina.token, { organizationId: 'org_linan' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONNECTOR_OPERATION_NOT_ALLOWED');
    const unknown = await post(platform, '/v1/record-imports', lina.token, { organizationId: 'org_nowhere' });
    expect(unknown.body.errors).toEqual([expect.objectContaining({ pointer: '/body/organizationId' })]);
  });
});
