import { createHospitalClient } from '@careloop/hospital';
import { createConnector } from '@careloop/hospital/connector';
import { createMockPlatform } from '@careloop/mocks';
import { createPatientClient } from '@careloop/patient';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeHis, type FakeHis } from '../src/fake-his.js';
import { createHttpHisAdapter } from '../src/http-his-adapter.js';

// The agent against the real mock platform (in-process fetch) and the fake HIS over HTTP, with the
// network losing answers on the way back.
const CREDENTIALS = { clientId: 'cli_qtph', clientSecret: 'sk_sandbox_qtph' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const found = await probe();
    if (found !== undefined) return found;
  }
  throw new Error('Timed out');
}

async function setUp(fetch: typeof globalThis.fetch, platform: ReturnType<typeof createMockPlatform>) {
  const his: FakeHis = await startFakeHis();
  cleanups.push(() => his.close());
  const hospital = createHospitalClient({ baseUrl: platform.sandbox.baseUrl, fetch: platform.fetch, auth: CREDENTIALS });
  await hospital.connectors.revoke('con_qtph_dmz').unwrap();
  const { id } = await hospital.connectors
    .register({ name: 'DMZ', allowedOperations: ['registration.lock', 'registration.confirm', 'registration.cancel', 'record.fetch', 'report.push'] })
    .unwrap();
  const connector = createConnector({
    platform: { baseUrl: platform.sandbox.baseUrl, fetch },
    credentials: CREDENTIALS,
    connectorId: id,
    his: createHttpHisAdapter({ baseUrl: his.url, changePollMs: 20 }),
    version: '1.0.0',
    pollWaitSeconds: 1,
    heartbeatIntervalMs: 50,
    retryBackoff: { initialDelayMs: 10, maxDelayMs: 50 },
  });
  connector.start();
  cleanups.push(() => connector.stop());
  his.openSession({
    id: 'S20260603-PM-ZW',
    departmentId: 'dep_qtph_endo',
    practitionerId: 'prc_zhangwei',
    date: '2026-06-03',
    period: 'pm',
    registrationLevel: 'expert',
    feeFen: 5000,
    bands: [{ startTime: '2026-06-03T14:00:00+08:00', endTime: '2026-06-03T15:00:00+08:00', capacity: 10, released: 3 }],
  });
  const login = await createPatientClient({ baseUrl: platform.sandbox.baseUrl, fetch: platform.fetch }).auth
    .createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: '13800000001', otp: '123456' })
    .unwrap();
  const patient = createPatientClient({ baseUrl: platform.sandbox.baseUrl, fetch: platform.fetch, auth: { accessToken: login.access_token } });
  const schedule = await until(async () => {
    for await (const candidate of hospital.schedules.list({ dateFrom: '2026-06-03', dateTo: '2026-06-03' })) if (candidate.hisScheduleRef === 'S20260603-PM-ZW') return candidate;
    return undefined;
  });
  return { his, hospital, connector, patient, connectorId: id, schedule };
}

describe('the connector agent against the mock platform', () => {
  it('holds a number through the HIS once although the acknowledgement’s answer was lost, and reports its round trips', async () => {
    const platform = createMockPlatform({ connector: { commandTimeoutMs: 5_000, leaseMs: 300, maxPollWaitMs: 200 } });
    let lostAcks = 0;
    const lossy: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input as Request);
      const response = await platform.fetch(request, init);
      if (request.url.endsWith('/result') && lostAcks++ === 0) throw new TypeError('fetch failed: socket hang up');
      return response;
    };
    const { his, hospital, connector, patient, connectorId, schedule } = await setUp(lossy, platform);

    const [slot] = (await patient.slots.list({ scheduleId: schedule.id }).unwrap()).data;
    const held = await patient.slots.hold(slot?.id ?? '').unwrap();
    expect(held.hisRegistrationNumber).toBe('GH20260603-0001');
    // The platform took the first acknowledgement; the agent, which never saw the answer, sends it again.
    await until(async () => (lostAcks >= 2 ? true : undefined));
    expect(his.activeRegistrations(held.id)).toBe(1);

    await patient.appointments.cancel(held.id, {}).unwrap();
    await until(async () => (his.activeRegistrations(held.id) === 0 ? true : undefined));
    const seen = await until(async () => {
      const current = await hospital.connectors.get(connectorId).unwrap();
      // The cancel reached the HIS; its acknowledgement and a heartbeat with round trips follow.
      return current.roundTripP50Ms !== null && current.pendingCommands === 0 ? current : undefined;
    });
    expect(seen).toMatchObject({ status: 'online', version: '1.0.0', hisReachable: true });
    expect(connector.stats()).toMatchObject({ executed: 2, failed: 0, pushed: 1 });
  });

  it('imports a patient’s HIS records through record.fetch', async () => {
    const platform = createMockPlatform({ connector: { commandTimeoutMs: 5_000, leaseMs: 300, maxPollWaitMs: 200 } });
    const { patient } = await setUp(platform.fetch, platform);
    const started = await patient.recordImports.create({ organizationId: 'org_qtph' }).unwrap();
    expect(started.status).toBe('pending');
    const done = await until(async () => {
      const current = await patient.recordImports.get(started.id).unwrap();
      return current.status === 'pending' ? undefined : current;
    });
    expect(done).toMatchObject({ status: 'completed', error: null });
    expect(done.documentIds).toHaveLength(1);
  });
});
