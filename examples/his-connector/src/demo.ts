import { createHospitalClient, type Appointment, type Event } from '@careloop/hospital';
import { createConnector, type Connector, type ConnectorStats } from '@careloop/hospital/connector';
import { createMockPlatform } from '@careloop/mocks';
import { startMockServer } from '@careloop/mocks/server';
import { createPatientClient } from '@careloop/patient';
import { startFakeHis } from './fake-his.js';
import { createHttpHisAdapter } from './http-his-adapter.js';

export interface DemoOptions {
  log?: (line: string) => void;
}

export interface DemoResult {
  connectorId: string;
  /** The appointment right after booking: its `hisRegistrationNumber` came from the HIS. */
  booked: Appointment;
  /** The same appointment after the HIS suspended the session. */
  cancelled: Appointment;
  /** The HIS's own record of the registration at the end. */
  hisRegistration: { number: string; status: string; queueNumber: number | null } | undefined;
  /** The hospital's events from the booking on. */
  events: Event[];
  stats: ConnectorStats;
}

const HIS_SESSION = 'S20260603-PM-ZW';
const CREDENTIALS = { clientId: 'cli_qtph', clientSecret: 'sk_sandbox_qtph' };

/**
 * The whole ship lock on one machine: the mock platform (the internet side), a fake HIS (the
 * intranet side) and the connector between them. The HIS publishes its session up, a patient books
 * (platform → connector → HIS: the HIS's registration number lands on the appointment), then the HIS
 * suspends the session (停诊) and the platform cancels the booking.
 */
export async function runHisConnectorDemo({ log = () => {} }: DemoOptions = {}): Promise<DemoResult> {
  // Short relay limits so that a stuck step fails the demo in seconds, not minutes.
  const platform = createMockPlatform({ connector: { commandTimeoutMs: 5_000, leaseMs: 5_000, maxPollWaitMs: 1_000 } });
  const server = await startMockServer({ port: 0, platform });
  const his = await startFakeHis();
  let connector: Connector | undefined;
  try {
    const baseUrl = server.url;
    log(`Platform at ${baseUrl}, HIS at ${his.url}`);
    const hospital = createHospitalClient({ baseUrl, auth: CREDENTIALS });
    // One connector per hospital: the sandbox's seeded one relays records and reports only, so retire it.
    for await (const existing of hospital.connectors.list()) {
      if (existing.status !== 'revoked') await hospital.connectors.revoke(existing.id).unwrap();
    }
    const registered = await hospital.connectors
      .register({ name: 'Main campus DMZ connector', allowedOperations: ['registration.lock', 'registration.confirm', 'registration.cancel'] })
      .unwrap();
    log(`Registered connector ${registered.id} (${registered.status})`);

    connector = createConnector({
      platform: { baseUrl },
      credentials: CREDENTIALS,
      connectorId: registered.id,
      his: createHttpHisAdapter({ baseUrl: his.url, changePollMs: 50 }),
      version: '1.0.0',
      pollWaitSeconds: 1,
      heartbeatIntervalMs: 1_000,
      hisTimeoutMs: 3_000,
      onError: (error) => log(`Connector: ${error instanceof Error ? error.message : String(error)}`),
    });
    connector.start();

    // At the HIS desk: Dr Zhang Wei's Wednesday afternoon session (not on his platform roster), 2 of 10 numbers released to the platform.
    his.openSession({
      id: HIS_SESSION,
      departmentId: 'dep_qtph_endo',
      practitionerId: 'prc_zhangwei',
      date: '2026-06-03',
      period: 'pm',
      registrationLevel: 'expert',
      feeFen: 5000,
      bands: [{ startTime: '2026-06-03T14:00:00+08:00', endTime: '2026-06-03T15:00:00+08:00', capacity: 10, released: 2 }],
    });
    const schedule = await until(async () => {
      for await (const candidate of hospital.schedules.list({ dateFrom: '2026-06-03', dateTo: '2026-06-03' })) if (candidate.hisScheduleRef === HIS_SESSION) return candidate;
      return undefined;
    }, 'the HIS session to reach the platform');
    log(`HIS session ${HIS_SESSION} published as ${schedule.id}`);

    let after: string | undefined;
    for await (const event of hospital.events.list()) after = event.id;

    // A patient books in their app: the hold goes platform → connector → HIS and back.
    const login = await createPatientClient({ baseUrl }).auth
      .createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: '13800000001', otp: '123456' })
      .unwrap();
    const patient = createPatientClient({ baseUrl, auth: { accessToken: login.access_token } });
    const [slot] = (await patient.slots.list({ scheduleId: schedule.id }).unwrap()).data;
    if (!slot) throw new Error(`Schedule ${schedule.id} has no slot`);
    const held = await patient.slots.hold(slot.id).unwrap();
    log(`Held ${held.id}: HIS registration number ${held.hisRegistrationNumber ?? 'none'}`);
    const booked = await patient.appointments.book(held.id).unwrap();
    log(`Booked ${booked.id}: queue number ${booked.queueNumber ?? '?'}, HIS registration number ${booked.hisRegistrationNumber ?? 'none'}`);

    // At the HIS desk again: the doctor is called to surgery.
    await fetch(`${his.url}/sessions/${HIS_SESSION}/suspend`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'Doctor called to emergency surgery' }),
    });
    const cancelled = await until(async () => {
      const current = await patient.appointments.get(booked.id).unwrap();
      return current.status === 'cancelled' ? current : undefined;
    }, 'the suspension to cancel the booking');

    const events: Event[] = [];
    for await (const event of hospital.events.list(after ? { after } : {})) {
      events.push(event);
      log(`Event ${event.type}: ${event.data.object} ${event.data.id}${event.data.reason ? ` (${event.data.reason})` : ''}`);
    }
    const record = his.registrations().find((registration) => registration.appointmentId === booked.id);
    const stats = connector.stats();
    log(`Connector: ${stats.executed} commands executed, ${stats.pushed} HIS changes pushed, round trip p50 ${stats.roundTripP50Ms?.toFixed(1) ?? '?'} ms`);
    return {
      connectorId: registered.id,
      booked,
      cancelled,
      hisRegistration: record && { number: record.number, status: record.status, queueNumber: record.queueNumber },
      events,
      stats,
    };
  } finally {
    await connector?.stop();
    await his.close();
    await server.close();
  }
}

/** Asks `probe` every 50 ms until it answers something, for at most 10 s. */
async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
