import { createLogger, type ApiResult, type Fetch } from '@careloop/core';
import { createHospitalClient } from '@careloop/hospital';
import { createConnector, type CommandJournal, type Connector, type ConnectorStats, type HisAdapter, type HisCallContext } from '@careloop/hospital/connector';
import { createMockPlatform } from '@careloop/mocks';
import { startMockServer, type RunningMockServer } from '@careloop/mocks/server';
import { createPatientClient, type PatientClient } from '@careloop/patient';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeHis, type FakeHis } from '../../examples/his-connector/src/fake-his.js';
import { createHttpHisAdapter } from '../../examples/his-connector/src/http-his-adapter.js';
import { seededRandom, startChaosProxy, type ChaosProxy, type Fault } from './chaos-proxy.js';
import { pool, shuffle } from './workload.js';

// The hospital connector's promise, proven against a hostile world: over 500 bookings go platform →
// connector → HIS while the network between the agent and the platform drops and kills polls and
// acknowledgements (before and after the platform processed them) and delivers acknowledgements
// after the platform stopped waiting; the agent is killed and restarted with a new session, with and
// without a persisted journal; and the HIS hangs after it has locked a number, answering late or
// never. Afterwards the three views (the platform's appointments, the HIS's registrations, what the
// patients were told) agree: every live appointment has exactly one active HIS registration with
// its number (0 lost), and the HIS holds nothing else (0 duplicated, 0 orphans).
//
// Every fault comes from a PRNG seeded with SEED (set CONNECTOR_CHAOS_SEED to try another world):
// the proxy's per route and attempt, the HIS's per appointment id, the restarts per progress. Which
// request meets which fault still depends on the interleaving, so counts differ between runs.

const SEED = process.env['CONNECTOR_CHAOS_SEED'] ?? 'careloop-connector-chaos-1';
/** Short real-time limits: a lease shorter than the command timeout, a poll that wakes often. */
const TIMINGS = { commandTimeoutMs: 1_500, leaseMs: 500, maxPollWaitMs: 300 };
/** Stalled requests and late acknowledgements are held past the platform's command timeout. */
const STALL_MS = 1_800;
/** The agent gives the HIS this long; a late HIS answers after the platform's timeout but within it. */
const HIS_TIMEOUT_MS = 2_500;
const HIS_LATE_MS = 1_800;
const SESSIONS = 12;
const PATIENTS = 46;
const UNITS_PER_SESSION = 45;
const CONCURRENCY = 24;
/** The HIS keeps twice the numbers it releases: a lock the platform gave up on holds one until its cancel arrives. */
/** Share of booked units the patient cancels afterwards (the cancel reaches the HIS at least once). */
const CANCEL_SHARE = 0.06;
/** Of locks: the HIS answers after the platform's timeout / never answers (until the agent's deadline). */
const HIS_LATE_SHARE = 0.03;
const HIS_HANG_SHARE = 0.03;
/** The agent is killed and restarted every this many finished units. */
const RESTART_EVERY = 60;
const CREDENTIALS = { clientId: 'cli_qtph', clientSecret: 'sk_sandbox_qtph' };
/** A poll held long stops every command, so polls mostly fail fast; acknowledgements also arrive late. */
const POLL_WEIGHTS: Partial<Record<Fault, number>> = {
  pass: 85,
  drop: 4,
  'status-503': 2,
  'kill-after-success': 4,
  'cut-body': 3,
  'withhold-answer': 0.3,
  'late-delivery': 0.3,
};
const ACK_WEIGHTS: Partial<Record<Fault, number>> = {
  pass: 75,
  drop: 4,
  'status-503': 2,
  stall: 2,
  'late-delivery': 5,
  'withhold-answer': 3,
  'kill-after-success': 6,
  'cut-body': 3,
};

let server: RunningMockServer | undefined;
let pollProxy: ChaosProxy | undefined;
let ackProxy: ChaosProxy | undefined;
let his: FakeHis | undefined;
let current: AgentLife | undefined;
afterAll(async () => {
  if (current) {
    current.dead = true;
    await current.connector.stop();
  }
  for (const proxy of [pollProxy, ackProxy]) {
    await proxy?.drain();
    await proxy?.close();
  }
  await his?.close();
  await server?.close();
});

/** One run of the agent process: once dead, it reaches nothing and nothing it started completes. */
interface AgentLife {
  connector: Connector;
  dead: boolean;
  persistedJournal: boolean;
}

const never = <T>(): Promise<T> => new Promise<T>(() => {});

/** Counts what the HIS was asked to do, per fault of the HIS the run injected. */
const hisCounts = { lateLocks: 0, hungLocks: 0, cancelsByReason: new Map<string, number>() };

/**
 * The vendor's adapter as one agent process sees it: after the lock, the HIS may answer late (after
 * the platform's timeout) or not at all (until the agent's own deadline aborts the call); once the
 * process is killed, nothing it awaits resolves.
 */
function chaoticHis(real: HisAdapter, life: { dead: boolean }, hangs: { on: boolean }): HisAdapter {
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (life.dead) return never();
      const answer = await call(...args);
      return life.dead ? never() : answer;
    };
  return {
    ...real,
    findRegistration: guard(real.findRegistration.bind(real)),
    confirmRegistration: guard(real.confirmRegistration.bind(real)),
    fetchRecords: guard(real.fetchRecords.bind(real)),
    pushReport: guard(real.pushReport.bind(real)),
    ping: guard(real.ping.bind(real)),
    cancelRegistration: guard(async (request, context: HisCallContext) => {
      await real.cancelRegistration(request, context);
      hisCounts.cancelsByReason.set(request.reason, (hisCounts.cancelsByReason.get(request.reason) ?? 0) + 1);
    }),
    lockNumber: guard(async (request, context: HisCallContext) => {
      const registration = await real.lockNumber(request, context);
      const draw = seededRandom(`${SEED}\u0000his\u0000${request.appointmentId}`)();
      if (hangs.on && draw < HIS_LATE_SHARE) {
        hisCounts.lateLocks++;
        await new Promise((resolve) => setTimeout(resolve, HIS_LATE_MS));
      } else if (hangs.on && draw < HIS_LATE_SHARE + HIS_HANG_SHARE) {
        // The number is locked in the HIS, but its answer never comes: the agent's deadline aborts the call.
        hisCounts.hungLocks++;
        await new Promise<never>((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason as Error), { once: true }));
      }
      return registration;
    }),
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
  }
}

describe('the hospital connector under chaos', () => {
  it('loses and duplicates no HIS registration over 500+ bookings through killed connections, late acknowledgements, agent restarts and a hanging HIS', { timeout: 120_000 }, async () => {
    const started = performance.now();
    const platform = createMockPlatform({ connector: TIMINGS });
    server = await startMockServer({ port: 0, platform });
    const serverUrl = server.url;
    his = await startFakeHis();
    let chaosOn = true;
    const hisHangs = { on: true };
    // Two proxies, one per route of the relay (the long poll, the acknowledgements), each with its own mix of faults.
    const faultable = () => chaosOn;
    pollProxy = await startChaosProxy({ target: server.url, seed: `${SEED}\u0000poll`, weights: POLL_WEIGHTS, stallMs: STALL_MS, faultable });
    ackProxy = await startChaosProxy({ target: server.url, seed: `${SEED}\u0000ack`, weights: ACK_WEIGHTS, stallMs: STALL_MS, faultable });
    const proxies = { poll: pollProxy.url, ack: ackProxy.url };
    const hospital = createHospitalClient({ baseUrl: server.url, auth: CREDENTIALS });
    await hospital.connectors.revoke('con_qtph_dmz').unwrap();
    const { id: connectorId } = await hospital.connectors
      .register({ name: 'Chaos DMZ', allowedOperations: ['registration.lock', 'registration.confirm', 'registration.cancel'] })
      .unwrap();

    // ── The agent, restartable. A persisted journal outlives the process; a dead process writes nothing to it.
    const persisted = new Map<string, Parameters<CommandJournal['set']>[1]>();
    const httpHis = createHttpHisAdapter({ baseUrl: his.url, changePollMs: 50 });
    const finishedStats: ConnectorStats[] = [];
    const restarts = { withJournal: 0, withoutJournal: 0 };
    const launch = (persistedJournal: boolean): AgentLife => {
      const life = { dead: false, persistedJournal } as AgentLife;
      const agentFetch: Fetch = (request, init) => {
        if (life.dead) return Promise.reject(new TypeError('fetch failed: the agent was killed'));
        const route = routeOf(request.method, new URL(request.url).pathname);
        return fetch(route === undefined ? request : new Request(request.url.replace(serverUrl, proxies[route]), request), init);
      };
      const journal: CommandJournal | undefined = persistedJournal
        ? { get: (id) => persisted.get(id), set: (id, ack) => (life.dead ? never() : void persisted.set(id, ack)) }
        : undefined;
      life.connector = createConnector({
        platform: { baseUrl: serverUrl, fetch: agentFetch },
        credentials: CREDENTIALS,
        connectorId,
        his: chaoticHis(httpHis, life, hisHangs),
        version: '1.0.0-chaos',
        journal,
        pollWaitSeconds: 1,
        heartbeatIntervalMs: 250,
        hisTimeoutMs: HIS_TIMEOUT_MS,
        drainTimeoutMs: 100,
        maxInFlight: 64,
        retryBackoff: { initialDelayMs: 10, maxDelayMs: 100 },
      });
      life.connector.start();
      return life;
    };
    const kill = async (life: AgentLife): Promise<void> => {
      life.dead = true;
      await life.connector.stop();
      finishedStats.push(life.connector.stats());
    };
    current = launch(false);

    // ── The HIS opens its sessions; the agent publishes them up (through the HIS change feed).
    for (let day = 0; day < SESSIONS; day++) {
      const date = `2026-07-${String(day + 1).padStart(2, '0')}`;
      his.openSession({
        id: `S${date.replaceAll('-', '')}-AM-ZW`,
        departmentId: 'dep_qtph_endo',
        practitionerId: 'prc_zhangwei',
        date,
        period: 'am',
        registrationLevel: 'expert',
        feeFen: 5000,
        bands: [{ startTime: `${date}T08:00:00+08:00`, endTime: `${date}T12:00:00+08:00`, capacity: 2 * PATIENTS, released: PATIENTS }],
      });
    }
    const slotIds = await until('the HIS sessions to reach the platform', async () => {
      const found: string[] = [];
      for await (const schedule of hospital.schedules.list({ dateFrom: '2026-07-01', dateTo: '2026-07-31' })) {
        if (schedule.hisScheduleRef === null) continue;
        const [slot] = (await hospital.slots.list({ scheduleId: schedule.id }).unwrap()).data;
        if (slot) found.push(slot.id);
      }
      return found.length === SESSIONS ? found : undefined;
    });
    await until('the connector to come online', async () => ((await hospital.connectors.get(connectorId).unwrap()).status === 'online' ? true : undefined));

    // ── Patients: their clients talk to the platform directly, with the SDK's retries and idempotency keys.
    const seen = new Map<number, number>();
    const patients: PatientClient[] = [];
    for (let i = 0; i < PATIENTS; i++) {
      const login = await createPatientClient({ baseUrl: server.url }).auth
        .createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: `137${String(40_000_000 + i).slice(-8)}`, otp: '123456' })
        .unwrap();
      patients.push(
        createPatientClient({
          baseUrl: server.url,
          auth: { accessToken: login.access_token },
          maxRetries: 3,
          retryBackoff: { initialDelayMs: 20, maxDelayMs: 200 },
          logger: createLogger(undefined, { onResponse: (event) => event.status !== undefined && seen.set(event.status, (seen.get(event.status) ?? 0) + 1) }),
        }),
      );
    }

    // ── The bookings: hold (platform → agent → HIS lock → ack) then book (→ HIS confirm), an app retrying what the SDK gave up on.
    const random = seededRandom(`${SEED}\u0000units`);
    const units = shuffle(
      slotIds.flatMap((slotId, session) => Array.from({ length: UNITS_PER_SESSION }, (_, n) => ({ slotId, patient: patients[(session * 5 + n) % PATIENTS] as PatientClient, cancel: random() < CANCEL_SHARE }))),
      random,
    );
    const outcomes = { booked: 0, cancelled: 0, appRetries: 0 };
    const retrying = async <T>(call: () => PromiseLike<ApiResult<T>>): Promise<T> => {
      for (let attempt = 0; ; attempt++) {
        const answer = await call();
        if (!answer.error) return answer.data;
        if (!answer.error.retryable || attempt >= 20) throw answer.error;
        outcomes.appRetries++;
      }
    };
    let finished = 0;
    let restarting: Promise<void> = Promise.resolve();
    const restartRandom = seededRandom(`${SEED}\u0000restarts`);
    const restart = (): void => {
      restarting = restarting.then(async () => {
        if (current) await kill(current);
        // A supervisor restarts it after a moment; commands it left unacknowledged come back to the new session at once.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(restartRandom() * 200)));
        const withJournal = restarts.withJournal + restarts.withoutJournal < 2 ? restarts.withJournal === 0 : restartRandom() < 0.5;
        if (withJournal) restarts.withJournal++;
        else restarts.withoutJournal++;
        current = launch(withJournal);
      });
    };
    const failures = await pool(
      units.map((unit) => async () => {
        const held = await retrying(() => unit.patient.slots.hold(unit.slotId));
        const booked = await retrying(() => unit.patient.appointments.book(held.id));
        expect(booked.hisRegistrationNumber).toBe(held.hisRegistrationNumber);
        outcomes.booked++;
        if (unit.cancel) {
          await retrying(() => unit.patient.appointments.cancel(held.id, {}));
          outcomes.cancelled++;
        }
        if (++finished % RESTART_EVERY === 0) restart();
      }),
      CONCURRENCY,
    );
    await restarting;
    const runMs = performance.now() - started;
    expect(failures).toEqual([]);

    // ── Drain: the network and the HIS behave again; every command gets acknowledged, compensations reach the HIS, the agent goes quiet.
    chaosOn = false;
    hisHangs.on = false;
    await pollProxy.drain();
    await ackProxy.drain();
    let last = '';
    let stableFor = 0;
    await until(
      'the relay to drain',
      async () => {
        const { pendingCommands } = await hospital.connectors.get(connectorId).unwrap();
        const snapshot = JSON.stringify(his?.registrations());
        stableFor = pendingCommands === 0 && current?.connector.stats().inFlight === 0 && snapshot === last ? stableFor + 1 : 0;
        last = snapshot;
        return stableFor >= 5 ? true : undefined;
      },
      30_000,
    );
    if (current) await kill(current);
    current = undefined;

    // ── Reconcile the platform's appointments with the HIS's registrations.
    const live = new Map<string, { status: string; hisRegistrationNumber: string | null }>();
    let appointments = 0;
    for (const patient of patients) {
      for await (const appointment of patient.appointments.list({ limit: 100 })) {
        appointments++;
        if (appointment.status === 'pending' || appointment.status === 'booked') live.set(appointment.id, appointment);
      }
    }
    const active = his.registrations().filter((registration) => registration.status !== 'cancelled');
    const activeByAppointment = new Map<string, typeof active>();
    for (const registration of active) activeByAppointment.set(registration.appointmentId, [...(activeByAppointment.get(registration.appointmentId) ?? []), registration]);
    let lost = 0;
    let mismatched = 0;
    let unconfirmed = 0;
    for (const [id, appointment] of live) {
      const registrations = activeByAppointment.get(id) ?? [];
      if (registrations.length === 0) lost++;
      else if (!registrations.some((registration) => registration.number === appointment.hisRegistrationNumber)) mismatched++;
      if (appointment.status === 'booked' && registrations[0]?.status !== 'confirmed') unconfirmed++;
    }
    const duplicated = [...activeByAppointment.values()].filter((registrations) => registrations.length > 1).length;
    const orphans = [...activeByAppointment.keys()].filter((id) => !live.has(id)).length;

    const stats = finishedStats.reduce(
      (sum, one) => ({
        executed: sum.executed + one.executed,
        reconciled: sum.reconciled + one.reconciled,
        replayed: sum.replayed + one.replayed,
        failed: sum.failed + one.failed,
      }),
      { executed: 0, reconciled: 0, replayed: 0, failed: 0 },
    );
    const pollFaults = pollProxy.stats.faults;
    const ackFaults = ackProxy.stats.faults;
    const format = (faults: Partial<Record<Fault, number>>) =>
      Object.entries(faults)
        .filter(([fault, count]) => fault !== 'pass' && count > 0)
        .map(([fault, count]) => `${fault} ${count}`)
        .join(', ');
    console.log(
      [
        `Connector chaos (seed ${SEED}): ${outcomes.booked} bookings (${outcomes.cancelled} then cancelled) in ${(runMs / 1000).toFixed(1)} s, ${units.length} units, ${CONCURRENCY} at once`,
        `  platform: ${appointments} appointments, ${live.size} live; HIS: ${his.registrations().length} registrations, ${active.length} active`,
        `  lost ${lost}, mismatched ${mismatched}, duplicated ${duplicated}, orphans ${orphans}, booked-but-unconfirmed ${unconfirmed}`,
        `  faults on polls (${pollProxy.stats.received} requests): ${format(pollFaults)}`,
        `  faults on acks (${ackProxy.stats.received} requests): ${format(ackFaults)}`,
        `  agent restarts: ${restarts.withJournal} with a persisted journal, ${restarts.withoutJournal} without; HIS answered a lock late ${hisCounts.lateLocks}, never ${hisCounts.hungLocks}`,
        `  patients saw: 503 ×${seen.get(503) ?? 0}, 504 ×${seen.get(504) ?? 0}, 409 ×${seen.get(409) ?? 0}; app-level retries ${outcomes.appRetries}`,
        `  agent: executed ${stats.executed}, reconciled ${stats.reconciled}, replayed ${stats.replayed}, failed ${stats.failed}`,
        `  HIS cancels: ${[...hisCounts.cancelsByReason].map(([reason, count]) => `${reason} ${count}`).join(', ')}`,
      ].join('\n'),
    );

    expect({ lost, mismatched, duplicated, orphans, unconfirmed }).toEqual({ lost: 0, mismatched: 0, duplicated: 0, orphans: 0, unconfirmed: 0 });
    expect(outcomes.booked).toBeGreaterThanOrEqual(500);
    expect(live.size).toBe(outcomes.booked - outcomes.cancelled);
    // Each kind of fault fired, or the proof proves nothing.
    for (const fault of ['drop', 'status-503', 'kill-after-success', 'cut-body'] as const) expect(pollFaults[fault], `poll ${fault}`).toBeGreaterThanOrEqual(3);
    for (const fault of ['drop', 'status-503', 'stall', 'late-delivery', 'withhold-answer', 'kill-after-success', 'cut-body'] as const) {
      expect(ackFaults[fault], `ack ${fault}`).toBeGreaterThanOrEqual(3);
    }
    expect(restarts.withJournal).toBeGreaterThanOrEqual(2);
    expect(restarts.withoutJournal).toBeGreaterThanOrEqual(2);
    expect(hisCounts.lateLocks).toBeGreaterThanOrEqual(3);
    expect(hisCounts.hungLocks).toBeGreaterThanOrEqual(3);
    expect(seen.get(504) ?? 0).toBeGreaterThanOrEqual(3);
    expect(stats.reconciled).toBeGreaterThanOrEqual(1);
    expect(hisCounts.cancelsByReason.get('lock-abandoned') ?? 0).toBeGreaterThanOrEqual(3);
  });
});

/** Which proxy a request of the agent goes through: the long poll's, the acknowledgements', or none (heartbeats, pushes, tokens). */
function routeOf(method: string, path: string): 'poll' | 'ack' | undefined {
  if (method === 'GET' && /^\/v1\/connectors\/[^/]+\/commands$/.test(path)) return 'poll';
  if (method === 'POST' && /^\/v1\/connectors\/[^/]+\/commands\/[^/]+\/result$/.test(path)) return 'ack';
  return undefined;
}
