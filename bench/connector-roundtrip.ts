/**
 * A command's round trip through the hospital connector, over loopback, against a direct call to
 * the HIS. (a) A patient SDK `slots.hold` against the mock platform's HTTP server, whose hospital's
 * connector allows `registration.lock`: platform → long poll answer → agent → HIS lock over HTTP →
 * acknowledgement → the platform answers the hold. (b) The same lock as one HTTP POST straight to
 * the fake HIS. Calls are sequential and the two alternate call by call, so both meet the same
 * machine. The agent's own measured round trips (receipt → HIS → acknowledged) come from its stats.
 */
import { createHospitalClient } from '@careloop/hospital';
import { createConnector, type Connector } from '@careloop/hospital/connector';
import { createMockPlatform } from '@careloop/mocks';
import { startMockServer, type RunningMockServer } from '@careloop/mocks/server';
import { createPatientClient, type PatientClient } from '@careloop/patient';
import { startFakeHis, type FakeHis } from '../examples/his-connector/src/fake-his.js';
import { createHttpHisAdapter } from '../examples/his-connector/src/http-his-adapter.js';
import { summarize, type LatencySummary } from './stats.js';

export type ConnectorVariant = 'through-connector' | 'direct-his';
export const CONNECTOR_VARIANTS: readonly ConnectorVariant[] = ['through-connector', 'direct-his'];

export interface ConnectorSample {
  variant: ConnectorVariant;
  latency: LatencySummary;
  calls: number;
  errors: number;
  firstError?: string;
}

export interface ConnectorFixture {
  /** One (patient, slot) pair per hold: BR-SCH-4 allows one number per patient and session. */
  pairs: { patient: PatientClient; slotId: string }[];
  his: FakeHis;
  hisSession: string;
  /** The direct session's bands: 500 numbers each. */
  startTimes: string[];
  connector: Connector;
  close(): Promise<void>;
}

const CREDENTIALS = { clientId: 'cli_qtph', clientSecret: 'sk_sandbox_qtph' };

/** The mock platform's HTTP server, the fake HIS's, and the agent between them; `sessions` × `patients` holds available. */
export async function connectorFixture({ sessions, patients }: { sessions: number; patients: number }): Promise<ConnectorFixture> {
  const server: RunningMockServer = await startMockServer({ port: 0, platform: createMockPlatform() });
  const his = await startFakeHis();
  const hospital = createHospitalClient({ baseUrl: server.url, auth: CREDENTIALS });
  await hospital.connectors.revoke('con_qtph_dmz').unwrap();
  const { id } = await hospital.connectors.register({ name: 'Bench DMZ', allowedOperations: ['registration.lock', 'registration.confirm', 'registration.cancel'] }).unwrap();
  const connector = createConnector({
    platform: { baseUrl: server.url },
    credentials: CREDENTIALS,
    connectorId: id,
    his: createHttpHisAdapter({ baseUrl: his.url, changePollMs: 20 }),
    version: 'bench',
    heartbeatIntervalMs: 1_000,
  });
  connector.start();
  // At most 31 sessions: one per day of August.
  const dates = Array.from({ length: Math.min(sessions, 31) }, (_, day) => `2026-08-${String(day + 1).padStart(2, '0')}`);
  for (const date of dates) {
    his.openSession({
      id: `S${date.replaceAll('-', '')}-AM-ZW`,
      departmentId: 'dep_qtph_endo',
      practitionerId: 'prc_zhangwei',
      date,
      period: 'am',
      registrationLevel: 'expert',
      feeFen: 5000,
      bands: [{ startTime: `${date}T08:00:00+08:00`, endTime: `${date}T12:00:00+08:00`, capacity: 500, released: Math.min(patients, 500) }],
    });
  }
  // The direct calls lock numbers in a session of their own (the platform publishes it but never
  // holds in it), 500 numbers (the spec's maximum) per hourly band.
  const hisSession = 'S20260901-AM-BENCH';
  const startTimes = Array.from({ length: 8 }, (_, hour) => `2026-09-01T${String(8 + hour).padStart(2, '0')}:00:00+08:00`);
  his.openSession({
    id: hisSession,
    departmentId: 'dep_qtph_endo',
    practitionerId: 'prc_sunli',
    date: '2026-09-01',
    period: 'am',
    registrationLevel: 'general',
    feeFen: 1000,
    bands: startTimes.map((startTime, hour) => ({ startTime, endTime: `2026-09-01T${String(9 + hour).padStart(2, '0')}:00:00+08:00`, capacity: 500, released: 0 })),
  });
  const slotIds: string[] = [];
  for (const deadline = Date.now() + 20_000; slotIds.length < sessions; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() > deadline) throw new Error('connector fixture: the HIS sessions did not reach the platform');
    slotIds.length = 0;
    for await (const schedule of hospital.schedules.list({ dateFrom: '2026-08-01', dateTo: '2026-08-31' })) {
      const [slot] = schedule.hisScheduleRef === null ? [] : (await hospital.slots.list({ scheduleId: schedule.id }).unwrap()).data;
      if (slot) slotIds.push(slot.id);
    }
  }
  const clients: PatientClient[] = [];
  for (let i = 0; i < patients; i++) {
    const login = await createPatientClient({ baseUrl: server.url })
      .auth.createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: `136${String(50_000_000 + i).slice(-8)}`, otp: '123456' })
      .unwrap();
    clients.push(createPatientClient({ baseUrl: server.url, auth: { accessToken: login.access_token }, maxRetries: 0 }));
  }
  return {
    pairs: slotIds.flatMap((slotId) => clients.map((patient) => ({ patient, slotId }))),
    his,
    hisSession,
    startTimes,
    connector,
    async close() {
      await connector.stop();
      await his.close();
      await server.close();
    },
  };
}

/**
 * Runs `calls` calls of each variant, alternating call by call (which goes first alternates by
 * round), using `fixture.pairs` from `offset` on.
 */
export async function measureConnector(fixture: ConnectorFixture, calls: number, offset: number, round: number): Promise<ConnectorSample[]> {
  const times: Record<ConnectorVariant, number[]> = { 'through-connector': [], 'direct-his': [] };
  const errors: Record<ConnectorVariant, { count: number; first?: string }> = { 'through-connector': { count: 0 }, 'direct-his': { count: 0 } };
  const run: Record<ConnectorVariant, (n: number) => Promise<void>> = {
    async 'through-connector'(n) {
      const pair = fixture.pairs[offset + n];
      if (!pair) throw new Error(`connector bench: only ${fixture.pairs.length} (patient, slot) pairs`);
      const answer = await pair.patient.slots.hold(pair.slotId);
      if (answer.error) throw answer.error;
      if (answer.data.hisRegistrationNumber === null) throw new Error('the hold came back without an HIS registration number');
    },
    async 'direct-his'(n) {
      const response = await fetch(`${fixture.his.url}/registrations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ appointmentId: `apt_bench_${round}_${offset + n}`, sessionId: fixture.hisSession, startTime: fixture.startTimes[Math.floor((offset + n) / 500)], patient: { id: 'pat_bench', name: 'Bench' } }),
      });
      const body = (await response.json()) as { number?: string };
      if (!response.ok || body.number === undefined) throw new Error(`the HIS answered ${response.status}`);
    },
  };
  for (let n = 0; n < calls; n++) {
    const order = (n + round) % 2 === 0 ? CONNECTOR_VARIANTS : [...CONNECTOR_VARIANTS].reverse();
    for (const variant of order) {
      const started = performance.now();
      try {
        await run[variant](n);
        times[variant].push(performance.now() - started);
      } catch (error) {
        errors[variant].count++;
        errors[variant].first ??= error instanceof Error ? error.message : String(error);
      }
    }
  }
  return CONNECTOR_VARIANTS.map((variant) => ({
    variant,
    latency: summarize(times[variant]),
    calls: times[variant].length,
    errors: errors[variant].count,
    ...(errors[variant].first === undefined ? {} : { firstError: errors[variant].first }),
  }));
}
