import { ApiError, CareloopError, ConnectionError, createLogger, TimeoutError, type ApiResult, type Fetch, type RequestOptions } from '@careloop/core';
import { createHospitalClient, type HospitalClient } from '@careloop/hospital';
import { createMockPlatform } from '@careloop/mocks';
import { startMockServer, type RunningMockServer } from '@careloop/mocks/server';
import { createPatientClient, type PatientClient } from '@careloop/patient';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS, seededRandom, startChaosProxy, type ChaosProxy } from './chaos-proxy.js';
import { pool, shuffle } from './workload.js';

// The SDKs' resilience, proven against a hostile network: over a thousand writes (holds, bookings,
// prescription creations and signatures, claims) go through a proxy that drops connections, answers
// 500/503/429 with Retry-After, stalls past the client's timeout, delivers requests late, and lets
// the platform process a request before losing its answer. Afterwards the platform's real state,
// read fault-free, shows every write exactly once: nothing duplicated, nothing lost. A write that
// surfaced a typed error is re-sent fault-free with the same Idempotency-Key, as an app would; that
// either replays what the platform already did or does it once.
//
// Faults hit every POST through the proxy (business writes and the OAuth token endpoint alike);
// reads are made fault-free, straight to the platform. The proxy draws each request's fault from a
// PRNG seeded with SEED, the call and the attempt number, so every call meets the same faults in
// every run whatever the interleaving (set CHAOS_SEED to try another world). Only a passed request
// the client times out on (a cold platform, a loaded machine) adds an attempt: counts may differ by
// a few between runs.

const SEED = process.env['CHAOS_SEED'] ?? 'careloop-chaos-1';
/** Per-attempt timeout of the SDK clients under test; every stall lasts longer. */
const TIMEOUT_MS = 400;
const STALL_MS = TIMEOUT_MS + 250;
const MAX_RETRIES = 8;
const CONCURRENCY = 16;
/** Hold + book units (two writes each), prescription units (create + sign) and claims (one write). */
const BOOKINGS = 320;
const PRESCRIPTIONS = 140;
const CLAIMS = 140;
const PATIENTS = 40;
/** Names each logical call, so the proxy can number its attempts and the test can see its keys. */
const CALL_HEADER = 'x-chaos-call';
/** Of the calls: this share passes its own Idempotency-Key; this share allows a single retry (so some give up). */
const EXPLICIT_KEY_SHARE = 0.2;
const FRAGILE_SHARE = 0.1;
const WEIGHTS = {
  pass: 50,
  drop: 6,
  'status-500': 4,
  'status-503': 4,
  'status-429': 4,
  stall: 5,
  'late-delivery': 4,
  'withhold-answer': 5,
  'kill-after-success': 10,
  'cut-body': 8,
} as const;

const DOCTOR = 'prc_qianhui';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Kind = 'hold' | 'book' | 'rx-create' | 'rx-sign' | 'claim';
const KINDS: readonly Kind[] = ['hold', 'book', 'rx-create', 'rx-sign', 'claim'];
/** The proxy's route name of each kind's operation. */
const ROUTE: Record<Kind, string> = {
  hold: 'POST /v1/slots/{id}/hold',
  book: 'POST /v1/appointments/{id}/book',
  'rx-create': 'POST /v1/prescriptions',
  'rx-sign': 'POST /v1/prescriptions/{id}/sign',
  claim: 'POST /v1/claims',
};

/** One measured write and how it ended. */
interface Write {
  kind: Kind;
  call: string;
  explicitKey: string | undefined;
  /** Allowed one retry instead of MAX_RETRIES. */
  fragile: boolean;
  outcome: 'data' | 'typed-error' | 'untyped';
  error?: unknown;
  /** The id of the resource the write made or moved, from its answer or from the fault-free re-send. */
  id?: string;
  /** For a typed error: what re-sending with the same key fault-free did. */
  reconciled?: 'replayed' | 'performed' | 'never-sent';
}

let server: RunningMockServer;
let proxy: ChaosProxy;
beforeAll(async () => {
  server = await startMockServer({ port: 0, platform: createMockPlatform({ validateResponses: true }) });
  proxy = await startChaosProxy({ target: server.url, seed: SEED, weights: WEIGHTS, stallMs: STALL_MS, callHeader: CALL_HEADER });
});
afterAll(async () => {
  await proxy?.drain();
  await proxy?.close();
  await server?.close();
});

/** Every attempt the clients under test put on the wire: per call, the Idempotency-Key of each attempt. */
const keysByCall = new Map<string, (string | null)[]>();
let tokenAttempts = 0;
const recordingFetch: Fetch = (request, init) => {
  const call = request.headers.get(CALL_HEADER);
  if (call === null) tokenAttempts++;
  else keysByCall.set(call, [...(keysByCall.get(call) ?? []), request.headers.get('idempotency-key')]);
  return fetch(request, init);
};

/** Request ids of the answers the SDK read in full (its onResponse hook): an answer that came after the attempt timed out is not among them. */
const answersRead = new Set<string>();

const chaosOptions = () => ({
  baseUrl: proxy.url,
  fetch: recordingFetch,
  timeout: TIMEOUT_MS,
  maxRetries: MAX_RETRIES,
  retryBackoff: { initialDelayMs: 5, maxDelayMs: 50 },
  logger: createLogger(undefined, { onResponse: (event) => event.status !== undefined && event.requestId && answersRead.add(event.requestId) }),
});

const writes: Write[] = [];

/**
 * Sends one write through the proxy. On a typed error, re-sends it fault-free with the same key (the
 * one the caller passed, or the one the SDK generated, as seen on the wire) and returns that result.
 */
async function measured<T extends { id: string }>(
  kind: Kind,
  call: string,
  viaProxy: (options: RequestOptions) => PromiseLike<ApiResult<T>>,
  direct: (options: RequestOptions) => PromiseLike<ApiResult<T>>,
): Promise<T> {
  const random = seededRandom(`${SEED}\u0000options\u0000${call}`);
  const explicitKey = random() < EXPLICIT_KEY_SHARE ? `chaos-${call}-${Math.floor(random() * 1e9)}` : undefined;
  const fragile = random() < FRAGILE_SHARE;
  const options: RequestOptions = { headers: { [CALL_HEADER]: call }, ...(explicitKey === undefined ? {} : { idempotencyKey: explicitKey }), ...(fragile ? { maxRetries: 1 } : {}) };
  const write: Write = { kind, call, explicitKey, fragile, outcome: 'data' };
  writes.push(write);
  let result: ApiResult<T>;
  try {
    result = await viaProxy(options);
  } catch (error) {
    write.outcome = 'untyped';
    write.error = error;
    throw error;
  }
  if (result.error === undefined) {
    write.id = result.data.id;
    return result.data;
  }
  write.error = result.error;
  write.outcome = result.error instanceof CareloopError ? 'typed-error' : 'untyped';

  const sent = new Set(keysByCall.get(call) ?? []);
  if (sent.size > 1) throw new Error(`${call}: its attempts carried ${sent.size} different Idempotency-Keys`);
  const key = explicitKey ?? [...sent][0] ?? undefined;
  const again = await direct(key === undefined ? {} : { idempotencyKey: key });
  if (again.error !== undefined) throw new Error(`${call}: the fault-free re-send with the same key failed: ${again.error.message}`);
  write.reconciled = again.response.headers.get('idempotent-replayed') === 'true' ? 'replayed' : sent.size === 0 ? 'never-sent' : 'performed';
  write.id = again.data.id;
  return again.data;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

async function login(mobile: string): Promise<{ token: string; patientId: string }> {
  const answer = await createPatientClient({ baseUrl: server.url }).auth
    .createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile, otp: '123456' })
    .unwrap();
  return { token: answer.access_token, patientId: answer.patient_id ?? '' };
}

interface PatientPair {
  patientId: string;
  chaos: PatientClient;
  direct: PatientClient;
}

describe('the SDKs against a chaos proxy in front of the mock platform', () => {
  it('does each of 1,000+ writes exactly once through dropped, refused, stalled and killed connections', { timeout: 120_000 }, async () => {
    const started = performance.now();
    const hospitalAuth = { clientId: 'cli_qtih', clientSecret: 'sk_sandbox_qtih' };
    const hospital = createHospitalClient({ baseUrl: server.url, auth: hospitalAuth });
    const chaosHospital: HospitalClient = createHospitalClient({ ...chaosOptions(), auth: hospitalAuth });

    // ── Set-up, fault-free. Patients, and free numbers they can hold whatever the order (at most one per patient and schedule: BR-SCH-4).
    const patients: PatientPair[] = [];
    for (let i = 0; i < PATIENTS; i++) {
      const { token, patientId } = await login(`139${String(20_000_000 + i).slice(-8)}`);
      patients.push({
        patientId,
        chaos: createPatientClient({ ...chaosOptions(), auth: { accessToken: token } }),
        direct: createPatientClient({ baseUrl: server.url, auth: { accessToken: token } }),
      });
    }
    const nowMs = server.platform.clock.now().getTime();
    const remainingBefore = new Map<string, number>();
    /** Per schedule: the numbers handed out so far, and the patient offset its numbers start from. */
    const perSchedule = new Map<string, { given: number; offset: number }>();
    const candidates: { patient: PatientPair; slotId: string }[] = [];
    for await (const slot of (patients[0] as PatientPair).direct.slots.list({ available: true, limit: 100 })) {
      if (Date.parse(slot.startTime) < nowMs) continue;
      remainingBefore.set(slot.id, slot.remaining);
      const schedule = perSchedule.get(slot.scheduleId) ?? { given: 0, offset: (perSchedule.size * 7) % PATIENTS };
      perSchedule.set(slot.scheduleId, schedule);
      for (let n = 0; n < slot.remaining && schedule.given < PATIENTS; n++) {
        candidates.push({ patient: patients[(schedule.offset + schedule.given) % PATIENTS] as PatientPair, slotId: slot.id });
        schedule.given++;
      }
    }
    const bookings = shuffle(candidates, seededRandom(`${SEED}\u0000slots`)).slice(0, BOOKINGS);
    expect(bookings).toHaveLength(BOOKINGS);

    // Two in-progress online follow-ups at the internet hospital to prescribe in (BR-ENC-1: both patients have prior diagnoses).
    const encounters: { id: string; item: { drugId: string; quantity: number; dosage: string; daysSupply: number } }[] = [];
    for (const [mobile, condition, item] of [
      ['13800000001', { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' }, { drugId: 'drg_metformin_500', quantity: 14, dosage: '500 mg twice daily', daysSupply: 7 }],
      ['13800000004', { icd10: 'I10', display: 'Essential (primary) hypertension' }, { drugId: 'drg_amlodipine_5', quantity: 7, dosage: '5 mg once daily', daysSupply: 7 }],
    ] as const) {
      const patient = createPatientClient({ baseUrl: server.url, auth: { accessToken: (await login(mobile)).token } });
      const encounter = await patient.encounters
        .create({ type: 'online-follow-up', mode: 'video', organizationId: 'org_qtih', departmentId: 'dep_qtih_endo', practitionerId: DOCTOR, condition })
        .unwrap();
      await hospital.encounters.start(encounter.id).unwrap();
      encounters.push({ id: encounter.id, item });
    }

    // Orders the hospital bills Zhao Lei (an ACO member), one line each, to claim from his insurer.
    const orders: { id: string; lineId: string; amountFen: number }[] = [];
    for (let i = 0; i < CLAIMS; i++) {
      const amountFen = 2_000 + i;
      const order = await hospital.orders
        .create({
          patientId: 'pat_zhaolei',
          kind: 'consultation',
          lines: [{ kind: 'consultation-fee', description: `Online follow-up ${i + 1}`, reference: null, quantity: 1, unitPrice: { amountFen, currency: 'CNY' } }],
        })
        .unwrap();
      orders.push({ id: order.id, lineId: (order.lines[0] as { id: string }).id, amountFen });
    }

    // Where the hospital's event feed stands: every later event of ours comes from the measured writes.
    let feedMark: string | undefined;
    for await (const event of hospital.events.list({ limit: 100 })) feedMark = event.id;
    const setupMs = performance.now() - started;

    // ── The measured writes, through the proxy.
    const booked: { patient: PatientPair; slotId: string; heldId: string; bookedId: string }[] = [];
    const prescribed: { encounterId: string; createdId: string; signedId: string; version: number }[] = [];
    const claimed: { orderId: string; claimId: string }[] = [];
    const tasks: (() => Promise<void>)[] = [
      ...bookings.map(({ patient, slotId }, i) => async () => {
        const held = await measured('hold', `hold-${i}`, (o) => patient.chaos.slots.hold(slotId, o), (o) => patient.direct.slots.hold(slotId, o));
        const book = await measured('book', `book-${i}`, (o) => patient.chaos.appointments.book(held.id, o), (o) => patient.direct.appointments.book(held.id, o));
        booked.push({ patient, slotId, heldId: held.id, bookedId: book.id });
      }),
      ...Array.from({ length: PRESCRIPTIONS }, (_, i) => async () => {
        const encounter = encounters[i % encounters.length] as (typeof encounters)[number];
        const body = { encounterId: encounter.id, practitionerId: DOCTOR, items: [encounter.item] };
        const draft = await measured('rx-create', `rx-create-${i}`, (o) => chaosHospital.prescriptions.create(body, o), (o) => hospital.prescriptions.create(body, o));
        const signature = { practitionerId: DOCTOR };
        const signed = await measured(
          'rx-sign',
          `rx-sign-${i}`,
          (o) => chaosHospital.prescriptions.sign(draft.id, signature, o),
          (o) => hospital.prescriptions.sign(draft.id, signature, o),
        );
        prescribed.push({ encounterId: encounter.id, createdId: draft.id, signedId: signed.id, version: signed.version });
      }),
      ...orders.map((order, i) => async () => {
        const body = {
          coverageId: 'cov_zhaolei_aco',
          patientId: 'pat_zhaolei',
          lines: [{ orderId: order.id, orderLineId: order.lineId, category: 'consultation' as const, diagnosis: { icd10: 'I10' }, submitted: { amountFen: order.amountFen, currency: 'CNY' as const } }],
        };
        const claim = await measured('claim', `claim-${i}`, (o) => chaosHospital.claims.submit(body, o), (o) => hospital.claims.submit(body, o));
        claimed.push({ orderId: order.id, claimId: claim.id });
      }),
    ];
    const writeStarted = performance.now();
    const failures = await pool(shuffle(tasks, seededRandom(`${SEED}\u0000tasks`)), CONCURRENCY);
    const writeMs = performance.now() - writeStarted;
    // Late deliveries and withheld answers still in flight reach the platform before it is read.
    await proxy.drain();

    // ── Every call ended with data or a typed error, and every unit completed.
    expect(failures).toEqual([]);
    expect(writes.filter((write) => write.outcome === 'untyped')).toEqual([]);
    expect(writes).toHaveLength(BOOKINGS * 2 + PRESCRIPTIONS * 2 + CLAIMS);
    const typedErrors = writes.filter((write) => write.outcome === 'typed-error');
    for (const { error, call } of typedErrors) {
      // Only what the network did may surface: no business-rule error, which a duplicate would cause
      // (DUPLICATE_BOOKING, INVALID_STATE_TRANSITION, DUPLICATE_CLAIM_LINE, IDEMPOTENCY_KEY_REUSED…).
      const fromNetwork =
        error instanceof ConnectionError || error instanceof TimeoutError || (error instanceof ApiError && error.headers.get('x-chaos-fault') !== null);
      expect(fromNetwork, `${call}: ${String(error)}`).toBe(true);
      expect((error as CareloopError).retryable).toBe(true);
    }

    // ── The SDK sent one Idempotency-Key per call on every attempt: the caller's, or a fresh UUID v4.
    const autoKeys: string[] = [];
    for (const write of writes) {
      const keys = keysByCall.get(write.call) ?? [];
      expect(new Set(keys).size, write.call).toBeLessThanOrEqual(1);
      const [key] = keys;
      if (key === undefined) continue;
      if (write.explicitKey !== undefined) expect(key).toBe(write.explicitKey);
      else {
        expect(key).toMatch(UUID_V4);
        autoKeys.push(key as string);
      }
    }
    expect(new Set(autoKeys).size).toBe(autoKeys.length);

    // ── Retries stayed within maxRetries (patients' calls, which fetch no token, used them all before giving up),
    //    and a Retry-After of 1 s was waited for before the next attempt.
    let retryAfterWaits = 0;
    for (const write of writes) {
      const limit = (write.fragile ? 1 : MAX_RETRIES) + 1;
      const seen = proxy.calls.get(write.call) ?? [];
      expect(seen.length, write.call).toBeLessThanOrEqual(limit);
      if (write.outcome === 'typed-error' && (write.kind === 'hold' || write.kind === 'book')) expect(seen.length, write.call).toBe(limit);
      seen.forEach((attempt, index) => {
        const next = seen[index + 1];
        // Only an answer the SDK read can be waited for: under load one may arrive after the attempt's timeout.
        if (next === undefined || !attempt.fault.startsWith('status-') || attempt.retryAfter === 0) return;
        if (attempt.requestId === undefined || !answersRead.has(attempt.requestId)) return;
        retryAfterWaits++;
        expect(next.atMs - attempt.atMs, `${write.call} attempt ${index + 1}`).toBeGreaterThanOrEqual(990);
      });
    }
    expect(retryAfterWaits).toBeGreaterThan(0);

    // ── Appointments: each (patient, slot) held and booked exactly once, with the id the calls returned.
    const units = new Map(booked.map((unit) => [unit.heldId, unit]));
    let appointmentCount = 0;
    /** Each feed's events (the patients' own feeds, then the hospital's from the mark on): `type id`. */
    const feeds: string[][] = [];
    for (const patient of patients) {
      const mine = booked.filter((unit) => unit.patient === patient);
      const appointments = [];
      for await (const appointment of patient.direct.appointments.list({ limit: 100 })) appointments.push(appointment);
      appointmentCount += appointments.length;
      expect(appointments.map((a) => a.id).sort()).toEqual(mine.map((unit) => unit.heldId).sort());
      for (const appointment of appointments) {
        const unit = units.get(appointment.id);
        expect(unit?.slotId).toBe(appointment.slotId);
        expect(unit?.bookedId).toBe(appointment.id);
        expect(appointment.status).toBe('booked');
      }
      const feed: string[] = [];
      for await (const event of patient.direct.events.list({ limit: 100 })) feed.push(`${event.type} ${event.data.id}`);
      feeds.push(feed);
    }
    expect(appointmentCount).toBe(BOOKINGS);
    // Each slot's quota went down by exactly the numbers booked in it (BR-SCH-1/2: nothing held twice, nothing lost).
    const bookedPerSlot = countBy(booked, (unit) => unit.slotId);
    for (const [slotId, count] of bookedPerSlot) {
      const slot = await (patients[0] as PatientPair).direct.slots.get(slotId).unwrap();
      expect(slot.remaining, slotId).toBe((remainingBefore.get(slotId) ?? NaN) - count);
    }

    // ── Prescriptions: as many per encounter as were created, each signed once, still version 1.
    const prescriptionIds = new Set(prescribed.map((p) => p.createdId));
    expect(prescriptionIds.size).toBe(PRESCRIPTIONS);
    for (const encounter of encounters) {
      const found = [];
      for await (const prescription of hospital.prescriptions.list({ encounterId: encounter.id, limit: 100 })) found.push(prescription);
      expect(found.map((p) => p.id).sort()).toEqual(prescribed.filter((p) => p.encounterId === encounter.id).map((p) => p.createdId).sort());
      for (const prescription of found) {
        expect(prescription).toMatchObject({ status: 'pending-review', version: 1, signature: { practitionerId: DOCTOR } });
      }
    }
    for (const p of prescribed) {
      expect(p.signedId).toBe(p.createdId);
      expect(p.version).toBe(1);
    }

    // ── Claims: exactly one per order line.
    const claimsByOrder = new Map<string, string[]>();
    for await (const claim of hospital.claims.list({ patientId: 'pat_zhaolei', limit: 100 })) {
      for (const line of claim.lines) claimsByOrder.set(line.orderId, [...(claimsByOrder.get(line.orderId) ?? []), claim.id]);
    }
    for (const { orderId, claimId } of claimed) expect(claimsByOrder.get(orderId), orderId).toEqual([claimId]);
    expect(new Set(claimed.map((c) => c.claimId)).size).toBe(CLAIMS);

    // ── The event feeds: one event per resource and state change, none twice.
    const hospitalFeed: string[] = [];
    for await (const event of hospital.events.list({ ...(feedMark === undefined ? {} : { after: feedMark }), limit: 100 })) {
      hospitalFeed.push(`${event.type} ${event.data.id}`);
    }
    feeds.push(hospitalFeed);
    const duplicatedEvents = feeds.flatMap((feed) => [...countBy(feed, (event) => event)].filter(([, count]) => count > 1));
    expect(duplicatedEvents).toEqual([]);
    const eventsOfType = (type: string) => new Set(feeds.flat().filter((event) => event.startsWith(`${type} `)).map((event) => event.slice(type.length + 1)));
    expect(eventsOfType('appointment.held')).toEqual(new Set(units.keys()));
    expect(eventsOfType('appointment.booked')).toEqual(new Set(units.keys()));
    expect(eventsOfType('prescription.created')).toEqual(prescriptionIds);
    expect(eventsOfType('prescription.signed')).toEqual(prescriptionIds);
    expect(eventsOfType('claim.submitted')).toEqual(new Set(claimed.map((c) => c.claimId)));

    // ── The platform did each write once: fresh effects seen by the proxy plus re-sends that performed it.
    const stats = proxy.stats;
    for (const kind of KINDS) {
      const ofKind = writes.filter((write) => write.kind === kind);
      const direct = ofKind.filter((write) => write.reconciled === 'performed' || write.reconciled === 'never-sent').length;
      expect((stats.routes[ROUTE[kind]]?.effects ?? 0) + direct, kind).toBe(ofKind.length);
    }

    // ── The faults really happened, and the platform processed the requests whose answers were lost.
    for (const fault of FAULTS) expect(stats.faults[fault], fault).toBeGreaterThan(0);
    expect(stats.killedAfterEffect).toBeGreaterThan(0);
    expect(stats.processedUnanswered).toBeGreaterThan(0);
    expect(stats.replays).toBeGreaterThan(0);
    expect(stats.upstreamErrors).toBe(0);

    // ── The summary.
    const totalMs = performance.now() - started;
    const httpAttempts = [...keysByCall.values()].reduce((sum, keys) => sum + keys.length, 0);
    const errorNames = (list: Write[]) => {
      const counts = countBy(list.filter((w) => w.outcome === 'typed-error'), (w) => (w.error as CareloopError).name);
      return [...counts].map(([name, count]) => `${name} ${count}`).join(', ') || '—';
    };
    const pad = (text: string | number, width: number) => String(text).padStart(width);
    const lines = [
      `Fault injection — seed "${SEED}", timeout ${TIMEOUT_MS} ms, stalls ${STALL_MS} ms, maxRetries ${MAX_RETRIES} (1 for ~${FRAGILE_SHARE * 100}% of calls), concurrency ${CONCURRENCY}`,
      `${'write'.padEnd(10)}${pad('calls', 7)}${pad('data', 7)}${pad('typed', 7)}${pad('attempts', 10)}${pad('effects', 9)}${pad('replays', 9)}  re-sent (replayed/performed/never sent)  typed errors`,
    ];
    for (const kind of KINDS) {
      const ofKind = writes.filter((write) => write.kind === kind);
      const route = stats.routes[ROUTE[kind]];
      const attempts = ofKind.reduce((sum, write) => sum + (keysByCall.get(write.call)?.length ?? 0), 0);
      const count = (reconciled: Write['reconciled']) => ofKind.filter((write) => write.reconciled === reconciled).length;
      lines.push(
        `${kind.padEnd(10)}${pad(ofKind.length, 7)}${pad(ofKind.filter((w) => w.outcome === 'data').length, 7)}${pad(ofKind.filter((w) => w.outcome === 'typed-error').length, 7)}` +
          `${pad(attempts, 10)}${pad(route?.effects ?? 0, 9)}${pad(route?.replays ?? 0, 9)}  ${`${count('replayed')}/${count('performed')}/${count('never-sent')}`.padEnd(40)}${errorNames(ofKind)}`,
      );
    }
    lines.push(
      `${'total'.padEnd(10)}${pad(writes.length, 7)}${pad(writes.filter((w) => w.outcome === 'data').length, 7)}${pad(typedErrors.length, 7)}${pad(httpAttempts, 10)}` +
        `${pad(KINDS.reduce((sum, kind) => sum + (stats.routes[ROUTE[kind]]?.effects ?? 0), 0), 9)}${pad(stats.replays, 9)}  token requests: ${tokenAttempts}`,
      `faults injected (${stats.received - stats.unfaultable} faultable requests): ${FAULTS.map((fault) => `${fault} ${stats.faults[fault]}`).join(', ')}`,
      `Retry-After: 1 s honoured before ${retryAfterWaits} retries`,
      `reached the platform: ${stats.forwarded}; processed with the answer lost: ${stats.processedUnanswered}, of which killed after a fresh success: ${stats.killedAfterEffect}; platform replays: ${stats.replays}`,
      `duplicates found: ${duplicatedEvents.length}; lost writes: ${writes.filter((w) => w.id === undefined).length}; untyped rejections: ${writes.filter((w) => w.outcome === 'untyped').length}`,
      `wall time: ${(totalMs / 1000).toFixed(1)} s (set-up ${(setupMs / 1000).toFixed(1)} s, writes ${(writeMs / 1000).toFixed(1)} s, checks ${((totalMs - setupMs - writeMs) / 1000).toFixed(1)} s)`,
    );
    console.log(lines.join('\n'));
  });
});
