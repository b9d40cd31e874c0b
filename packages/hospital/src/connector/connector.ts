import {
  backoffDelay,
  CareloopError,
  createCareloop,
  type CareloopBase,
  type CareloopLogger,
  type ClientCredentialsAuth,
  type Fetch,
  type RetryBackoff,
} from '@careloop/core';
import type {
  AcknowledgeCommandRequest,
  CommandError,
  CommandResult,
  ConnectorCommand,
  ConnectorHeartbeatRequest,
  CreateDocumentRequest,
  CreateScheduleRequest,
  Document,
  LockNumberCommand,
  Schedule,
  Slot,
} from '../generated/models.js';
import {
  acknowledgeConnectorCommand,
  createDocument,
  createSchedule,
  listSchedules,
  listSlots,
  pollConnectorCommands,
  releaseSlot,
  sendConnectorHeartbeat,
  suspendSchedule,
} from '../generated/operations.js';
import { HisError, type HisAdapter, type HisCallContext, type HisChange } from './his-adapter.js';
import { createMemoryJournal, type CommandJournal } from './journal.js';
import { RoundTrips } from './round-trips.js';

/** Options of {@link createConnector}. */
export interface ConnectorOptions {
  /** Where the platform is, and optionally the `fetch` that reaches it (a proxy-aware one, or the mock's). */
  platform: { baseUrl: string; fetch?: Fetch | undefined };
  /** The hospital organization's OAuth client (scopes `connectors:write`, plus `schedules:write` and `records:write` to push changes up). */
  credentials: ClientCredentialsAuth;
  /** The id `POST /v1/connectors` answered (`con_…`). */
  connectorId: string;
  /** The hospital's HIS, behind the vendor's adapter. */
  his: HisAdapter;
  /** Reported in heartbeats; at most 40 characters. Default `unversioned`. */
  version?: string | undefined;
  /** Remembers acknowledged command ids; default in memory (see {@link createMemoryJournal}). */
  journal?: CommandJournal | undefined;
  /** Seconds a poll waits on the platform for a command, 0 to 30. Default 25. */
  pollWaitSeconds?: number | undefined;
  /** Commands executing at once (commands with the same natural key always run one after another). Default 10. */
  maxInFlight?: number | undefined;
  /** Milliseconds between heartbeats. Default 15,000. */
  heartbeatIntervalMs?: number | undefined;
  /** Milliseconds one command (or a ping) may spend in the HIS; beyond, it is acknowledged `failed` with `UPSTREAM_TIMEOUT`. Default 10,000. */
  hisTimeoutMs?: number | undefined;
  /** Milliseconds `stop()` waits for commands in flight and their acknowledgements. Default 10,000. */
  drainTimeoutMs?: number | undefined;
  /** Waits between the connector's own retries (polls, acknowledgements, pushes) and the SDK's. */
  retryBackoff?: RetryBackoff | undefined;
  /** The SDK's redacting logger for every platform call (`createLogger(console)`). */
  logger?: CareloopLogger | undefined;
  /** Called with every error the connector records in `stats().lastError`. It must not throw. */
  onError?: ((error: unknown) => void) | undefined;
}

/** Where the connector is in its life. `failed`: the platform refused it for good (revoked, bad credentials, unknown id). */
export type ConnectorState = 'idle' | 'running' | 'stopping' | 'stopped' | 'failed';

/** The last error the connector met. */
export interface ConnectorErrorRecord {
  message: string;
  /** The platform's or HIS's code, when there is one. */
  code: string | undefined;
  /** Wall-clock time of the agent, ISO 8601. */
  at: string;
}

/** What the connector has done since it was created. */
export interface ConnectorStats {
  state: ConnectorState;
  /** The session of the current run (a new one per `start()`), null before the first. */
  session: string | null;
  /** Commands the HIS carried out and the connector acknowledged `succeeded`. */
  executed: number;
  /** Locks answered with a registration the HIS already had for the appointment, instead of a new one. */
  reconciled: number;
  /** Commands delivered again and answered from the journal, without reaching the HIS. */
  replayed: number;
  /** Commands acknowledged `failed` (the HIS refused, failed or was too slow). */
  failed: number;
  /** Commands executing or being acknowledged now. */
  inFlight: number;
  /** HIS changes pushed up to the platform. */
  pushed: number;
  /** HIS changes the platform refused, or that could not be pushed before the connector stopped. */
  pushFailed: number;
  /** Median and 95th percentile of recent round trips (receipt → HIS → acknowledged), null before the first. */
  roundTripP50Ms: number | null;
  roundTripP95Ms: number | null;
  /** Whether the HIS answered the last heartbeat's ping; null before the first heartbeat. */
  hisReachable: boolean | null;
  lastError: ConnectorErrorRecord | null;
}

/** Pushes changes made in the HIS up to the platform. Each takes the HIS's id of the change: a repeat with the same id is replayed by the platform, not applied twice. */
export interface ConnectorPush {
  /** Publishes a session of the HIS as a schedule (`hisScheduleRef` is the HIS's id of it). */
  publishSchedule(change: { changeId: string; schedule: CreateScheduleRequest & { hisScheduleRef: string } }): Promise<Schedule>;
  /** Suspends a published session (停诊); the platform cancels its bookings. */
  suspendSchedule(change: { changeId: string; hisScheduleRef: string; reason: string }): Promise<Schedule>;
  /** Sets how many numbers of a session's time band (by its start time) are released to the platform. */
  releaseNumbers(change: { changeId: string; hisScheduleRef: string; startTime: string; releasedCount: number }): Promise<Slot>;
  /** Adds a document to a patient's cloud record, the hospital as custodian. */
  uploadDocument(change: { changeId: string; document: CreateDocumentRequest }): Promise<Document>;
}

/** A running (or runnable) connector agent. */
export interface Connector {
  /** Starts polling and heartbeating with a new session; unacknowledged commands of an earlier session come back at once. */
  start(): void;
  /** Stops polling at once, waits (up to `drainTimeoutMs`) for commands in flight and their acknowledgements, then stops heartbeating. */
  stop(): Promise<void>;
  stats(): ConnectorStats;
  /** Push HIS changes up; HIS changes from `his.subscribe` go the same way. */
  readonly push: ConnectorPush;
}

const DEFAULT_VERSION = 'unversioned';
// A poll may take `wait` seconds on the platform; the attempt gets that plus this margin.
const POLL_MARGIN_MS = 15_000;
const BATCH_LIMIT = 50;

/** The HIS did not answer within `hisTimeoutMs`. */
class HisTimeoutError extends Error {
  override readonly name = 'HisTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`The HIS did not answer within ${timeoutMs} ms`);
  }
}

/**
 * Creates the connector agent (前置机) that runs in the hospital's DMZ: it long-polls the platform
 * for commands, executes each command id at most once against the HIS (a lock is reconciled by its
 * natural key, never repeated), acknowledges with the result, heartbeats, and pushes HIS changes up.
 * It only ever dials out.
 *
 * @example
 * ```ts
 * const connector = createConnector({
 *   platform: { baseUrl: 'https://api.careloop.dev' },
 *   credentials: { clientId: 'cli_qtph', clientSecret: process.env.CARELOOP_SECRET! },
 *   connectorId: 'con_qtph_dmz',
 *   his: myHisAdapter,
 * });
 * connector.start();
 * process.on('SIGTERM', () => void connector.stop());
 * ```
 */
export function createConnector(options: ConnectorOptions): Connector {
  const { connectorId, his, retryBackoff } = options;
  const version = options.version ?? DEFAULT_VERSION;
  const journal = options.journal ?? createMemoryJournal();
  const pollWaitSeconds = options.pollWaitSeconds ?? 25;
  const maxInFlight = options.maxInFlight ?? 10;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 15_000;
  const hisTimeoutMs = options.hisTimeoutMs ?? 10_000;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  const client: CareloopBase = createCareloop({
    baseUrl: options.platform.baseUrl,
    fetch: options.platform.fetch,
    auth: options.credentials,
    logger: options.logger,
    retryBackoff,
  });

  const counters = { executed: 0, reconciled: 0, replayed: 0, failed: 0, pushed: 0, pushFailed: 0 };
  const roundTrips = new RoundTrips();
  let state: ConnectorState = 'idle';
  let session: string | null = null;
  let hisReachable: boolean | null = null;
  let lastError: ConnectorErrorRecord | null = null;
  // Aborts polls and heartbeats: stop() takes no new work.
  let intake = new AbortController();
  // Aborts acknowledgement and push retries: stop() gave up draining.
  let drain = new AbortController();
  let polling: Promise<void> = Promise.resolve();
  let heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;
  let stopping: Promise<void> | undefined;
  // Command id → its execution and acknowledgement; a command delivered again meanwhile is not started twice.
  const inFlight = new Map<string, Promise<void>>();
  // Natural key → the last command queued for it: commands about the same thing run in order.
  const chains = new Map<string, Promise<void>>();
  // Other work stop() drains: lock compensations and pushes from the HIS.
  const background = new Set<Promise<void>>();
  const scheduleIds = new Map<string, string>();
  let pushQueue: Promise<void> = Promise.resolve();

  function record(error: unknown): void {
    const code = error instanceof CareloopError || error instanceof HisError ? error.code : error instanceof HisTimeoutError ? 'UPSTREAM_TIMEOUT' : undefined;
    lastError = { message: error instanceof Error ? error.message : String(error), code, at: new Date().toISOString() };
    options.onError?.(error);
  }

  function track(work: Promise<void>): void {
    const tracked = work.catch(record).finally(() => background.delete(tracked));
    background.add(tracked);
  }

  /** Calls the HIS with a deadline: `result` rejects with HisTimeoutError after `hisTimeoutMs`; `settled` is the call itself. */
  function callHis<T>(commandId: string | undefined, call: (context: HisCallContext) => Promise<T>): { result: Promise<T>; settled: Promise<T> } {
    const controller = new AbortController();
    const context: HisCallContext = commandId === undefined ? { signal: controller.signal } : { signal: controller.signal, commandId };
    const settled = Promise.resolve().then(() => call(context));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new HisTimeoutError(hisTimeoutMs);
        controller.abort(error);
        reject(error);
      }, hisTimeoutMs);
    });
    return { result: Promise.race([settled, deadline]).finally(() => clearTimeout(timer)), settled };
  }

  async function perform(command: ConnectorCommand, context: HisCallContext): Promise<CommandResult> {
    switch (command.type) {
      case 'registration.lock': {
        // The only command that creates something: look the natural key up first, so that a lock
        // whose acknowledgement was lost is answered with the registration it made, not a second one.
        const existing = await his.findRegistration(command.payload.appointmentId, context);
        if (existing) {
          counters.reconciled++;
          return { hisRegistrationNumber: existing.hisRegistrationNumber };
        }
        const registration = await his.lockNumber(command.payload, context);
        return { hisRegistrationNumber: registration.hisRegistrationNumber };
      }
      case 'registration.confirm':
        return { hisRegistrationNumber: (await his.confirmRegistration(command.payload, context)).hisRegistrationNumber };
      case 'registration.cancel':
        await his.cancelRegistration(command.payload, context);
        return {};
      case 'record.fetch':
        return { documents: await his.fetchRecords(command.payload.patient, context) };
      case 'report.push':
        return { hisReportId: (await his.pushReport(command.payload, context)).hisReportId };
      default:
        // A command type newer than this agent: refuse it rather than guess.
        throw new HisError('UNSUPPORTED_COMMAND', `This agent does not know command type ${(command as { type: string }).type}`);
    }
  }

  async function execute(command: ConnectorCommand): Promise<AcknowledgeCommandRequest> {
    const { result, settled } = callHis(command.id, (context) => perform(command, context));
    try {
      return { outcome: 'succeeded', result: await result };
    } catch (error) {
      record(error);
      if (error instanceof HisTimeoutError && command.type === 'registration.lock') compensate(command, settled);
      return { outcome: 'failed', error: commandErrorOf(error) };
    }
  }

  /**
   * The platform rolls a hold back when its lock fails, but a lock that timed out may still
   * complete in the HIS: once the call settles, cancel whatever it left for that appointment.
   */
  function compensate(command: LockNumberCommand, settled: Promise<unknown>): void {
    const { appointmentId } = command.payload;
    track(
      settled.then(
        () => undefined,
        () => undefined,
      ).then(() => callHis(command.id, (context) => his.cancelRegistration({ appointmentId, hisRegistrationNumber: null, reason: 'lock-abandoned' }, context)).result),
    );
  }

  /** Sends an acknowledgement until the platform takes it (it is idempotent); false when it never did. */
  async function acknowledge(commandId: string, acknowledgement: AcknowledgeCommandRequest): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const answer = await acknowledgeConnectorCommand(client, connectorId, commandId, acknowledgement, { maxRetries: 0, signal: drain.signal });
      if (!answer.error) return true;
      if (drain.signal.aborted) return false;
      record(answer.error);
      if (!answer.error.retryable) return false;
      await sleep(backoffDelay(attempt, retryBackoff), drain.signal);
    }
  }

  async function handle(command: ConnectorCommand, receivedAt: number): Promise<void> {
    const stored = await journal.get(command.id);
    if (stored) {
      counters.replayed++;
      await acknowledge(command.id, stored);
      return;
    }
    const acknowledgement = await execute(command);
    await journal.set(command.id, acknowledgement);
    if (acknowledgement.outcome === 'succeeded') counters.executed++;
    else counters.failed++;
    if (await acknowledge(command.id, acknowledgement)) roundTrips.add(performance.now() - receivedAt);
  }

  function dispatch(command: ConnectorCommand, receivedAt: number): void {
    // Delivered again while still executing (its lease ran out meanwhile): the running one acknowledges.
    if (inFlight.has(command.id)) return;
    const key = command.naturalKey;
    const run: Promise<void> = (chains.get(key) ?? Promise.resolve())
      .then(() => handle(command, receivedAt))
      .catch(record)
      .finally(() => {
        inFlight.delete(command.id);
        if (chains.get(key) === run) chains.delete(key);
      });
    chains.set(key, run);
    inFlight.set(command.id, run);
  }

  async function poll(sessionId: string, signal: AbortSignal): Promise<void> {
    for (let failures = 0; !signal.aborted; ) {
      const room = maxInFlight - inFlight.size;
      if (room <= 0) {
        await Promise.race(inFlight.values());
        continue;
      }
      const answer = await pollConnectorCommands(
        client,
        connectorId,
        { wait: pollWaitSeconds, session: sessionId, limit: Math.min(room, BATCH_LIMIT) },
        { signal, timeout: pollWaitSeconds * 1000 + POLL_MARGIN_MS },
      );
      if (answer.error) {
        if (signal.aborted) return;
        record(answer.error);
        if (!answer.error.retryable) {
          // Revoked, unknown or unauthorized: polling again cannot help.
          void shutdown('failed');
          return;
        }
        await sleep(backoffDelay(failures++, retryBackoff), signal);
        continue;
      }
      failures = 0;
      const receivedAt = performance.now();
      // Commands already received are executed even when stop() began meanwhile: they are ours.
      for (const command of answer.data.data) dispatch(command, receivedAt);
    }
  }

  async function heartbeat(signal: AbortSignal): Promise<void> {
    hisReachable = await callHis(undefined, (context) => his.ping(context)).result.then(
      (reachable) => reachable,
      (error: unknown) => {
        record(error);
        return false;
      },
    );
    const p50 = roundTrips.percentile(50);
    const p95 = roundTrips.percentile(95);
    const body: ConnectorHeartbeatRequest = {
      version,
      hisReachable,
      inFlight: inFlight.size,
      ...(p50 !== null && p95 !== null ? { roundTripP50Ms: p50, roundTripP95Ms: p95 } : {}),
    };
    const answer = await sendConnectorHeartbeat(client, connectorId, body, { signal });
    if (answer.error && !signal.aborted) record(answer.error);
  }

  function scheduleHeartbeats(signal: AbortSignal): void {
    const beat = (): void => {
      void heartbeat(signal).finally(() => {
        if (!signal.aborted) heartbeatTimer = setTimeout(beat, heartbeatIntervalMs);
      });
    };
    beat();
  }

  async function scheduleIdOf(hisScheduleRef: string): Promise<string> {
    const known = scheduleIds.get(hisScheduleRef);
    if (known) return known;
    // Published before this process started: find it on the platform.
    for await (const schedule of listSchedules(client, {})) {
      if (schedule.hisScheduleRef !== null) scheduleIds.set(schedule.hisScheduleRef, schedule.id);
      if (schedule.hisScheduleRef === hisScheduleRef) return schedule.id;
    }
    throw new Error(`No schedule on the platform has hisScheduleRef ${hisScheduleRef}`);
  }

  const keyOf = (changeId: string): { idempotencyKey: string } => ({ idempotencyKey: `his-change-${changeId}` });

  const push: ConnectorPush = {
    async publishSchedule({ changeId, schedule }) {
      const published = await createSchedule(client, schedule, keyOf(changeId)).unwrap();
      scheduleIds.set(schedule.hisScheduleRef, published.id);
      return published;
    },
    async suspendSchedule({ changeId, hisScheduleRef, reason }) {
      return suspendSchedule(client, await scheduleIdOf(hisScheduleRef), { reason }, keyOf(changeId)).unwrap();
    },
    async releaseNumbers({ changeId, hisScheduleRef, startTime, releasedCount }) {
      const scheduleId = await scheduleIdOf(hisScheduleRef);
      const at = Date.parse(startTime);
      for await (const slot of listSlots(client, { scheduleId })) {
        if (Date.parse(slot.startTime) === at) return releaseSlot(client, slot.id, { releasedCount }, keyOf(changeId)).unwrap();
      }
      throw new Error(`Schedule ${scheduleId} has no slot starting at ${startTime}`);
    },
    uploadDocument: ({ changeId, document }) => createDocument(client, document, keyOf(changeId)).unwrap(),
  };

  function apply(change: HisChange): Promise<unknown> {
    switch (change.kind) {
      case 'schedule.published':
        return push.publishSchedule(change);
      case 'schedule.suspended':
        return push.suspendSchedule(change);
      case 'numbers.released':
        return push.releaseNumbers(change);
      case 'document.added':
        return push.uploadDocument(change);
    }
  }

  /** Pushes one HIS change, retrying what a retry can fix until the connector stops (the idempotency key makes repeats safe). */
  async function pushChange(change: HisChange): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await apply(change);
        counters.pushed++;
        return;
      } catch (error) {
        record(error);
        if (!(error instanceof CareloopError && error.retryable) || drain.signal.aborted) {
          counters.pushFailed++;
          return;
        }
        await sleep(backoffDelay(attempt, retryBackoff), drain.signal);
      }
    }
  }

  function onHisChange(change: HisChange): void {
    // One after another, in the order the HIS made them: a suspension must follow its publication.
    pushQueue = pushQueue.then(() => pushChange(change));
    track(pushQueue);
  }

  async function shutdown(final: 'stopped' | 'failed'): Promise<void> {
    if (stopping) return stopping;
    state = 'stopping';
    intake.abort();
    clearTimeout(heartbeatTimer);
    unsubscribe?.();
    unsubscribe = undefined;
    stopping = (async () => {
      const timer = setTimeout(() => drain.abort(), drainTimeoutMs);
      const drained = new Promise<void>((resolve) => drain.signal.addEventListener('abort', () => resolve(), { once: true }));
      await polling;
      // Draining can start more work (a timed-out lock's compensation): wait until none is left.
      while ((inFlight.size > 0 || background.size > 0) && !drain.signal.aborted) {
        await Promise.race([Promise.allSettled([...inFlight.values(), ...background]), drained]);
      }
      clearTimeout(timer);
      state = final;
      stopping = undefined;
    })();
    return stopping;
  }

  return {
    start() {
      if (state === 'running') return;
      if (state === 'stopping') throw new Error('The connector is still stopping: await stop() before start()');
      intake = new AbortController();
      drain = new AbortController();
      state = 'running';
      session = `ses_${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
      const { signal } = intake;
      polling = poll(session, signal);
      scheduleHeartbeats(signal);
      unsubscribe = his.subscribe?.(onHisChange);
    },
    stop: () => (state === 'running' || state === 'stopping' ? shutdown('stopped') : Promise.resolve()),
    stats: () => ({
      state,
      session,
      ...counters,
      inFlight: inFlight.size,
      roundTripP50Ms: roundTrips.percentile(50),
      roundTripP95Ms: roundTrips.percentile(95),
      hisReachable,
      lastError,
    }),
    push,
  };
}

function commandErrorOf(error: unknown): CommandError {
  if (error instanceof HisError) return { code: error.code, message: clip(error.message || error.code) };
  if (error instanceof HisTimeoutError) return { code: 'UPSTREAM_TIMEOUT', message: error.message };
  return { code: 'HIS_ERROR', message: clip((error instanceof Error ? error.message : String(error)) || 'The HIS failed') };
}

// The platform takes at most 500 characters of an HIS message.
const clip = (message: string): string => (message.length > 500 ? `${message.slice(0, 499)}…` : message);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
