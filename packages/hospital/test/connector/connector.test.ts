import { afterEach, describe, expect, it } from 'vitest';
import { createConnector, createMemoryJournal, HisError, type Connector, type ConnectorOptions } from '../../src/connector/index.js';
import type { ConnectorCommand } from '../../src/generated/models.js';
import { createFakePlatform, type FakePlatform } from './fake-platform.js';
import { createMemoryHis } from './memory-his.js';

const patient = { id: 'pat_lina', name: '李娜' };
const lock = (id: string, appointmentId = 'apt_lina_0603'): Omit<ConnectorCommand, 'attempt' | 'status' | 'createdAt'> => ({
  id,
  type: 'registration.lock',
  naturalKey: `registration:${appointmentId}`,
  payload: { appointmentId, scheduleId: 'sch_1', hisScheduleRef: 'HIS-S-1', slotId: 'slt_1', startTime: '2026-06-03T08:00:00+08:00', patient },
});

const running: Connector[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((connector) => connector.stop()));
});

function connect(platform: FakePlatform, his: ReturnType<typeof createMemoryHis>, options: Partial<ConnectorOptions> = {}): Connector {
  const connector = createConnector({
    platform: { baseUrl: 'https://api.careloop.test', fetch: platform.fetch },
    credentials: { clientId: 'cli_qtph', clientSecret: 'sk_sandbox_qtph' },
    connectorId: 'con_qtph_dmz',
    his: his.his,
    version: '1.2.3',
    pollWaitSeconds: 1,
    heartbeatIntervalMs: 60_000,
    retryBackoff: { initialDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
  running.push(connector);
  return connector;
}

describe('createConnector', () => {
  it('locks a number in the HIS and acknowledges it with the HIS registration number', async () => {
    const platform = createFakePlatform();
    const his = createMemoryHis();
    const connector = connect(platform, his);
    connector.start();
    platform.enqueue(lock('cmd_lock_1'));
    await platform.until(() => platform.status('cmd_lock_1') === 'succeeded');

    expect(platform.commands[0]?.acknowledgement).toEqual({ outcome: 'succeeded', result: { hisRegistrationNumber: 'GH20260603-0001' } });
    // The natural key is always looked up before anything is created.
    expect(his.calls).toEqual(['find apt_lina_0603', 'lock apt_lina_0603']);
    expect(connector.stats()).toMatchObject({ state: 'running', executed: 1, reconciled: 0, failed: 0, replayed: 0 });
    expect(connector.stats().roundTripP50Ms).toBeGreaterThanOrEqual(0);
    // Every poll carries the session, and the token came from the client credentials.
    const polls = platform.requests.filter((request) => request.path.endsWith('/commands'));
    expect(new Set(polls.map((request) => request.query.get('session')))).toEqual(new Set([connector.stats().session]));
    expect(connector.stats().session).toMatch(/^ses_[0-9a-f]{32}$/);
  });

  it('executes every kind of command and answers with what the HIS returned', async () => {
    const platform = createFakePlatform();
    const his = createMemoryHis();
    connect(platform, his).start();
    platform.enqueue(lock('cmd_lock_1'));
    platform.enqueue({ id: 'cmd_confirm_1', type: 'registration.confirm', naturalKey: 'registration:apt_lina_0603', payload: { appointmentId: 'apt_lina_0603', hisRegistrationNumber: 'GH20260603-0001', queueNumber: 7 } });
    platform.enqueue({ id: 'cmd_fetch_1', type: 'record.fetch', naturalKey: 'record-import:rim_1', payload: { patient } });
    platform.enqueue({ id: 'cmd_report_1', type: 'report.push', naturalKey: 'report:doc_1', payload: { documentId: 'doc_1', patientId: 'pat_lina', documentType: 'diagnostic-report', title: 'Chest CT' } });
    platform.enqueue({ id: 'cmd_cancel_1', type: 'registration.cancel', naturalKey: 'registration:apt_lina_0603', payload: { appointmentId: 'apt_lina_0603', hisRegistrationNumber: 'GH20260603-0001', reason: 'patient-request' } });
    await platform.until(() => platform.commands.every((entry) => entry.command.status === 'succeeded'));

    expect(platform.commands.map((entry) => entry.acknowledgement?.result)).toEqual([
      { hisRegistrationNumber: 'GH20260603-0001' },
      { hisRegistrationNumber: 'GH20260603-0001' },
      { documents: [{ hisDocumentId: 'EMR-pat_lina-1', type: 'outpatient-record', title: 'Outpatient record', effectiveDate: '2026-05-01' }] },
      { hisReportId: 'RPT-doc_1' },
      {},
    ]);
    // Commands about the same registration ran in the order the platform sent them.
    const registrationCalls = his.calls.filter((call) => call.endsWith('apt_lina_0603'));
    expect(registrationCalls).toEqual(['find apt_lina_0603', 'lock apt_lina_0603', 'confirm apt_lina_0603', 'cancel apt_lina_0603']);
    expect(his.active('apt_lina_0603')).toBe(0);
  });

  it('reconciles a lock by its natural key: a registration the HIS already has is answered, not made again', async () => {
    const platform = createFakePlatform();
    const his = createMemoryHis();
    // An earlier agent process locked the number, then died before its acknowledgement landed.
    await his.his.lockNumber(lock('x').payload as never, { signal: new AbortController().signal });
    his.calls.length = 0;
    const connector = connect(platform, his);
    connector.start();
    platform.enqueue(lock('cmd_lock_1'));
    await platform.until(() => platform.status('cmd_lock_1') === 'succeeded');

    expect(his.calls).toEqual(['find apt_lina_0603']);
    expect(platform.commands[0]?.acknowledgement?.result).toEqual({ hisRegistrationNumber: 'GH20260603-0001' });
    expect(his.active('apt_lina_0603')).toBe(1);
    expect(connector.stats()).toMatchObject({ executed: 1, reconciled: 1 });
  });

  it('resends an acknowledgement whose answer was lost; the platform keeps the first, the HIS is called once', async () => {
    const platform = createFakePlatform();
    const his = createMemoryHis();
    let lost = 0;
    platform.injectFaults((request) => (request.path.endsWith('/result') && lost++ < 2 ? 'drop-answer' : undefined));
    const connector = connect(platform, his);
    connector.start();
    platform.enqueue(lock('cmd_lock_1'));
    await platform.until(() => platform.count('ack') === 3);
    await platform.until(() => connector.stats().inFlight === 0);

    expect(platform.status('cmd_lock_1')).toBe('succeeded');
    expect(his.calls.filter((call) => call.startsWith('lock'))).toHaveLength(1);
    expect(connector.stats()).toMatchObject({ executed: 1, lastError: expect.objectContaining({ code: 'CONNECTION_ERROR' }) });
  });

  it('resumes after lost polls and aborted answers without losing a command, executing it once', async () => {
    const platform = createFakePlatform({ leaseMs: 80 });
    const his = createMemoryHis();
    let polls = 0;
    // Two polls fail outright; the third is answered by the platform (the command is leased) but the answer is lost.
    platform.injectFaults((request) => (request.path.endsWith('/commands') ? (++polls <= 2 ? 'drop-request' : polls === 3 ? 'drop-answer' : undefined) : undefined));
    platform.enqueue(lock('cmd_lock_1'));
    const connector = connect(platform, his, { retryBackoff: { initialDelayMs: 1, maxDelayMs: 5 } });
    connector.start();
    await platform.until(() => platform.status('cmd_lock_1') === 'succeeded');

    // Delivered again once its lease ran out, attempt 2, and executed once.
    expect(platform.commands[0]?.command.attempt).toBe(2);
    expect(his.calls).toEqual(['find apt_lina_0603', 'lock apt_lina_0603']);
    expect(connector.stats().state).toBe('running');
  });

  it('restarts with a new session that takes over unacknowledged commands, and replays journalled acknowledgements without executing', async () => {
    const platform = createFakePlatform({ leaseMs: 60_000 });
    const his = createMemoryHis();
    const journal = createMemoryJournal();
    // The platform is unreachable for acknowledgements until the agent restarts.
    let acksFail = true;
    platform.injectFaults((request) => (request.path.endsWith('/result') && acksFail ? 'drop-request' : undefined));
    const connector = connect(platform, his, { journal, drainTimeoutMs: 100 });
    connector.start();
    const firstSession = (() => connector.stats().session)();
    platform.enqueue(lock('cmd_lock_1'));
    await platform.until(() => platform.count('ack') >= 2);
    await connector.stop();
    expect(platform.status('cmd_lock_1')).toBe('pending');

    acksFail = false;
    connector.start();
    expect(connector.stats().session).not.toBe(firstSession);
    await platform.until(() => platform.status('cmd_lock_1') === 'succeeded');

    // The new session got the command at once (lease of 60 s not waited for), answered from the journal.
    expect(platform.commands[0]?.command.attempt).toBe(2);
    expect(his.calls).toEqual(['find apt_lina_0603', 'lock apt_lina_0603']);
    expect(connector.stats()).toMatchObject({ executed: 1, replayed: 1 });
    expect(platform.commands[0]?.acknowledgement).toEqual({ outcome: 'succeeded', result: { hisRegistrationNumber: 'GH20260603-0001' } });
  });

  it('does not start a command twice when it is delivered again while still executing', async () => {
    const platform = createFakePlatform({ leaseMs: 20 });
    const his = createMemoryHis();
    his.behaviour.before = (method) => (method === 'lockNumber' ? new Promise((resolve) => setTimeout(resolve, 150)) : undefined);
    connect(platform, his).start();
    platform.enqueue(lock('cmd_lock_1'));
    await platform.until(() => platform.status('cmd_lock_1') === 'succeeded');

    expect(platform.commands[0]?.command.attempt).toBeGreaterThan(1);
    expect(his.calls).toEqual(['find apt_lina_0603', 'lock apt_lina_0603']);
  });

  it('acknowledges HIS refusals as failed with their code, and other HIS errors as HIS_ERROR', async () => {
    const platform = createFakePlatform();
    const his = createMemoryHis();
    his.behaviour.before = (method) => {
      if (method === 'lockNumber') throw new HisError('SLOT_UNAVAILABLE', 'No number left in session HIS-S-1');
      if (method === 'pushReport') throw new Error('ORA-00942: table or view does not exist');
    };
    const connector = connect(platform, his);
    connector.start();
    platform.enqueue(lock('cmd_lock_1'));
    platform.enqueue({ id: 'cmd_report_1', type: 'report.push', naturalKey: 'report:doc_1', payload: { documentId: 'doc_1', patientId: 'pat_lina', documentType: 'diagnostic-report', title: 'Chest CT' } });
    await platform.until(() => platform.commands.every((entry) => entry.command.status === 'failed'));

    expect(platform.commands.map((entry) => entry.acknowledgement)).toEqual([
      { outcome: 'failed', error: { code: 'SLOT_UNAVAILABLE', message: 'No number left in session HIS-S-1' } },
      { outcome: 'failed', error: { code: 'HIS_ERROR', message: 'ORA-00942: table or view does not exist' } },
    ]);
    expect(connector.stats()).toMatchObject({ executed: 0, failed: 2 });
  });

  it('acknowledges an HIS slower than hisTimeoutMs as UPSTREAM_TIMEOUT, and cancels what the late lock left behind', async () => {
    const platform = createFakePlatform();
    const his = createMemoryHis();
    let lockSignal: AbortSignal | undefined;
    his.behaviour.before = (method, signal) => {
      if (method !== 'lockNumber') return;
      lockSignal = signal;
      // An HIS that ignores the abort and completes the lock anyway, late.
      return new Promise((resolve) => setTimeout(resolve, 120));
    };
    const connector = connect(platform, his, { hisTimeoutMs: 40 });
    connector.start();
    platform.enqueue(lock('cmd_lock_1'));
    await platform.until(() => platform.status('cmd_lock_1') === 'failed');

    expect(platform.commands[0]?.acknowledgement).toEqual({ outcome: 'failed', error: { code: 'UPSTREAM_TIMEOUT', message: 'The HIS did not answer within 40 ms' } });
    expect(lockSignal?.aborted).toBe(true);
    expect(connector.stats()).toMatchObject({ failed: 1, lastError: expect.objectContaining({ code: 'UPSTREAM_TIMEOUT' }) });
    // The platform rolled the hold back; once the late lock lands, the connector cancels it by natural key.
    await platform.until(() => his.calls.includes('cancel apt_lina_0603'));
    expect(his.active('apt_lina_0603')).toBe(0);
  });

  it('heartbeats with its version, HIS reachability, in-flight count and round-trip p50/p95', async () => {
    const platform = createFakePlatform();
    const his = createMemoryHis();
    const connector = connect(platform, his, { heartbeatIntervalMs: 20 });
    connector.start();
    await platform.until(() => platform.heartbeats.length >= 1);
    // No round trip measured yet: the percentiles are left out.
    expect(platform.heartbeats[0]).toEqual({ version: '1.2.3', hisReachable: true, inFlight: 0 });

    platform.enqueue(lock('cmd_lock_1'));
    await platform.until(() => platform.status('cmd_lock_1') === 'succeeded');
    his.behaviour.reachable = false;
    await platform.until(() => platform.heartbeats.some((heartbeat) => heartbeat.hisReachable === false));
    const last = platform.heartbeats.at(-1);
    expect(last).toMatchObject({ version: '1.2.3', hisReachable: false, roundTripP50Ms: expect.any(Number), roundTripP95Ms: expect.any(Number) });
    expect(last?.roundTripP95Ms).toBeGreaterThanOrEqual(last?.roundTripP50Ms ?? Infinity);
    expect(connector.stats()).toMatchObject({ hisReachable: false, roundTripP50Ms: last?.roundTripP50Ms });
  });

  it('stops gracefully: no new polls, in-flight commands finish and are acknowledged, heartbeats end', async () => {
    const platform = createFakePlatform();
    const his = createMemoryHis();
    his.behaviour.before = (method) => (method === 'lockNumber' ? new Promise((resolve) => setTimeout(resolve, 100)) : undefined);
    const connector = connect(platform, his, { heartbeatIntervalMs: 10 });
    connector.start();
    platform.enqueue(lock('cmd_lock_1'));
    await platform.until(() => his.calls.includes('lock apt_lina_0603'));

    const stopped = connector.stop();
    const pollsAtStop = platform.count('poll');
    expect(connector.stats().state).toBe('stopping');
    await stopped;
    expect(connector.stats()).toMatchObject({ state: 'stopped', executed: 1, inFlight: 0 });
    expect(platform.status('cmd_lock_1')).toBe('succeeded');
    const heartbeatsAtEnd = platform.count('heartbeat');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(platform.count('poll')).toBe(pollsAtStop);
    expect(platform.count('heartbeat')).toBe(heartbeatsAtEnd);
    expect(his.subscribers()).toBe(0);
  });

  it('fails for good when the platform refuses the connector (revoked)', async () => {
    const platform = createFakePlatform({ revoked: true });
    const errors: unknown[] = [];
    const connector = connect(platform, createMemoryHis(), { onError: (error) => errors.push(error) });
    connector.start();
    await platform.until(() => connector.stats().state === 'failed');

    expect(connector.stats().lastError).toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
    expect(platform.count('poll')).toBe(1);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('pushes HIS changes up with idempotency keys derived from the HIS change id, so a re-push is replayed', async () => {
    const platform = createFakePlatform();
    const his = createMemoryHis();
    const connector = connect(platform, his);
    const schedule = {
      departmentId: 'dep_qtph_endo',
      practitionerId: 'prc_zhangwei',
      date: '2026-06-03',
      period: 'am' as const,
      registrationLevel: 'expert' as const,
      fee: { amountFen: 5000, currency: 'CNY' as const },
      hisScheduleRef: 'HIS-S-1',
      slots: [{ startTime: '2026-06-03T08:00:00+08:00', endTime: '2026-06-03T09:00:00+08:00', capacity: 10, releasedCount: 2 }],
    };
    const first = await connector.push.publishSchedule({ changeId: 'chg_1', schedule });
    const again = await connector.push.publishSchedule({ changeId: 'chg_1', schedule });
    expect(again.id).toBe(first.id);
    const released = await connector.push.releaseNumbers({ changeId: 'chg_2', hisScheduleRef: 'HIS-S-1', startTime: '2026-06-03T00:00:00Z', releasedCount: 5 });
    expect(released).toMatchObject({ releasedCount: 5 });

    // HIS-side changes from the adapter's subscription go up in order, with the same key scheme.
    connector.start();
    his.emit({ kind: 'schedule.suspended', changeId: 'chg_3', hisScheduleRef: 'HIS-S-1', reason: 'Doctor called to surgery' });
    his.emit({ kind: 'document.added', changeId: 'chg_4', document: { type: 'outpatient-record', title: 'Outpatient record', patientId: 'pat_lina', effectiveDate: '2026-06-03' } });
    await platform.until(() => connector.stats().pushed === 2);

    const writes = platform.requests.filter((request) => request.method === 'POST' && !request.path.includes('/connectors/') && request.path !== '/v1/oauth/token');
    expect(writes.map((request) => [request.path, request.idempotencyKey])).toEqual([
      ['/v1/schedules', 'his-change-chg_1'],
      ['/v1/schedules', 'his-change-chg_1'],
      [`/v1/slots/${String(released.id)}/release`, 'his-change-chg_2'],
      [`/v1/schedules/${first.id}/suspend`, 'his-change-chg_3'],
      ['/v1/documents', 'his-change-chg_4'],
    ]);
    expect(connector.stats()).toMatchObject({ pushed: 2, pushFailed: 0 });
  });

  it('finds a schedule published by an earlier process by its hisScheduleRef', async () => {
    const platform = createFakePlatform();
    const schedule = {
      departmentId: 'dep_qtph_endo',
      practitionerId: 'prc_zhangwei',
      date: '2026-06-03',
      period: 'am' as const,
      registrationLevel: 'expert' as const,
      fee: { amountFen: 5000, currency: 'CNY' as const },
      hisScheduleRef: 'HIS-S-9',
      slots: [{ startTime: '2026-06-03T08:00:00+08:00', endTime: '2026-06-03T09:00:00+08:00', capacity: 10, releasedCount: 2 }],
    };
    const published = await connect(platform, createMemoryHis()).push.publishSchedule({ changeId: 'chg_1', schedule });
    const suspended = await connect(platform, createMemoryHis()).push.suspendSchedule({ changeId: 'chg_2', hisScheduleRef: 'HIS-S-9', reason: 'Doctor ill' });
    expect(suspended).toMatchObject({ id: published.id, status: 'suspended' });
    await expect(connect(platform, createMemoryHis()).push.suspendSchedule({ changeId: 'chg_3', hisScheduleRef: 'HIS-S-404', reason: 'x' })).rejects.toThrow(
      'No schedule on the platform has hisScheduleRef HIS-S-404',
    );
  });
});

describe('createMemoryJournal', () => {
  it('remembers acknowledgements by command id and forgets the oldest beyond its limit', () => {
    const journal = createMemoryJournal({ limit: 2 });
    journal.set('cmd_1', { outcome: 'succeeded', result: {} });
    journal.set('cmd_2', { outcome: 'failed', error: { code: 'X', message: 'x' } });
    journal.set('cmd_3', { outcome: 'succeeded', result: { hisReportId: 'R' } });
    expect(journal.get('cmd_1')).toBeUndefined();
    expect(journal.get('cmd_2')).toEqual({ outcome: 'failed', error: { code: 'X', message: 'x' } });
    expect(journal.get('cmd_3')).toEqual({ outcome: 'succeeded', result: { hisReportId: 'R' } });
  });
});
