import type { AcknowledgeCommandRequest, ConnectorCommand, ConnectorHeartbeatRequest } from '../../src/generated/models.js';

// A scripted stand-in for the platform side of the connector protocol (spec/paths/connectors):
// token, long poll with leases per session, first-ack-wins acknowledgements, heartbeats, and the
// few hospital operations the agent pushes through, with Idempotency-Key replay. Faults are
// injected per request so that tests can lose answers the way a network does.

export interface FakeCommand {
  command: ConnectorCommand;
  leasedTo: string | null;
  leasedUntil: number;
  acknowledgement: AcknowledgeCommandRequest | null;
}

/** Decides the fate of one request: `drop-request` fails it before the platform sees it, `drop-answer` after. */
export type Fault = 'drop-request' | 'drop-answer' | undefined;

export interface FakePlatformOptions {
  leaseMs?: number;
  /** The platform's cap on a poll's wait, real time. */
  maxPollWaitMs?: number;
  /** Answer 409 to every connector call, as for a revoked connector. */
  revoked?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  idempotencyKey: string | null;
  body: unknown;
}

export function createFakePlatform({ leaseMs = 1_000, maxPollWaitMs = 50, revoked = false }: FakePlatformOptions = {}) {
  const commands: FakeCommand[] = [];
  const heartbeats: ConnectorHeartbeatRequest[] = [];
  const requests: RecordedRequest[] = [];
  const replays = new Map<string, { status: number; body: unknown }>();
  const schedules: Record<string, unknown>[] = [];
  const slots: Record<string, unknown>[] = [];
  let waiters: (() => void)[] = [];
  let faultOf: (request: RecordedRequest) => Fault = () => undefined;
  let sequence = 0;

  const json = (status: number, body: unknown): Response =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });
  const problem = (status: number, code: string, detail: string): Response =>
    json(status, { type: `https://docs.careloop.dev/errors/${code}`, title: code, status, code, detail, requestId: 'req_fake' });

  function enqueue(command: Omit<ConnectorCommand, 'attempt' | 'status' | 'createdAt'>): FakeCommand {
    const entry: FakeCommand = {
      command: { ...command, attempt: 0, status: 'pending', createdAt: '2026-06-01T08:00:00+08:00' } as ConnectorCommand,
      leasedTo: null,
      leasedUntil: 0,
      acknowledgement: null,
    };
    commands.push(entry);
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
    return entry;
  }

  function deliverable(session: string, now: number): FakeCommand[] {
    return commands.filter(
      (entry) => entry.command.status === 'pending' && (entry.leasedTo === null || now > entry.leasedUntil || entry.leasedTo !== session),
    );
  }

  async function poll(query: URLSearchParams, signal: AbortSignal | undefined): Promise<Response> {
    const session = query.get('session') ?? 'default-session';
    const limit = Number(query.get('limit') ?? 10);
    const waitMs = Math.min(Number(query.get('wait') ?? 25) * 1000, maxPollWaitMs);
    let ready = deliverable(session, Date.now());
    if (ready.length === 0 && waitMs > 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, waitMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
      ready = deliverable(session, Date.now());
    }
    const batch = ready.slice(0, limit);
    for (const entry of batch) {
      entry.leasedTo = session;
      entry.leasedUntil = Date.now() + leaseMs;
      entry.command = { ...entry.command, attempt: entry.command.attempt + 1 };
    }
    return json(200, { data: batch.map((entry) => entry.command) });
  }

  function acknowledge(commandId: string, body: AcknowledgeCommandRequest): Response {
    const entry = commands.find((candidate) => candidate.command.id === commandId);
    if (!entry) return problem(404, 'NOT_FOUND', `No command ${commandId}`);
    // The first acknowledgement wins; a repeat changes nothing and answers the same.
    if (entry.command.status === 'pending') {
      entry.acknowledgement = body;
      entry.command = { ...entry.command, status: body.outcome };
    }
    const { id, type, status, naturalKey } = entry.command;
    return json(200, { id, type, status, naturalKey });
  }

  function idempotent(recorded: RecordedRequest, answer: () => Response): Response {
    if (recorded.idempotencyKey === null) return answer();
    const key = `${recorded.method} ${recorded.path} ${recorded.idempotencyKey}`;
    const stored = replays.get(key);
    if (stored) return new Response(JSON.stringify(stored.body), { status: stored.status, headers: { 'Idempotent-Replayed': 'true', 'Content-Type': 'application/json' } });
    const response = answer();
    void response
      .clone()
      .json()
      .then((body: unknown) => replays.set(key, { status: response.status, body }));
    return response;
  }

  function route(recorded: RecordedRequest, signal: AbortSignal | undefined): Response | Promise<Response> {
    const { method, path, body } = recorded;
    if (path === '/v1/oauth/token') return json(200, { access_token: 'tok_fake', token_type: 'Bearer', expires_in: 3600, scope: 'connectors:write' });
    const connector = /^\/v1\/connectors\/([^/]+)\/(commands|heartbeats)(?:\/([^/]+)\/result)?$/.exec(path);
    if (connector) {
      if (revoked) return json(409, { type: 'x', title: 'Invalid state transition', status: 409, code: 'INVALID_STATE_TRANSITION', detail: 'revoked', requestId: 'req_fake', currentState: 'revoked' });
      if (connector[2] === 'heartbeats') {
        heartbeats.push(body as ConnectorHeartbeatRequest);
        return json(200, { id: connector[1], status: 'online' });
      }
      if (method === 'GET') return poll(recorded.query, signal);
      return acknowledge(connector[3] ?? '', body as AcknowledgeCommandRequest);
    }
    if (method === 'POST' && path === '/v1/schedules') {
      return idempotent(recorded, () => {
        const request = body as { hisScheduleRef?: string; slots: { startTime: string }[] };
        const schedule = { id: `sch_${++sequence}`, hisScheduleRef: request.hisScheduleRef ?? null, status: 'active' };
        schedules.push(schedule);
        request.slots.forEach((slot, index) => slots.push({ id: `slt_${sequence}_${index}`, scheduleId: schedule.id, startTime: slot.startTime, releasedCount: 0 }));
        return json(201, schedule);
      });
    }
    if (method === 'GET' && path === '/v1/schedules') return json(200, { data: schedules, nextCursor: null });
    if (method === 'GET' && path === '/v1/slots') return json(200, { data: slots.filter((slot) => slot['scheduleId'] === recorded.query.get('scheduleId')), nextCursor: null });
    const suspend = /^\/v1\/schedules\/([^/]+)\/suspend$/.exec(path);
    if (method === 'POST' && suspend) {
      return idempotent(recorded, () => {
        const schedule = schedules.find((candidate) => candidate['id'] === suspend[1]);
        if (!schedule) return problem(404, 'NOT_FOUND', `No schedule ${suspend[1]}`);
        if (schedule['status'] === 'suspended') return problem(409, 'INVALID_STATE_TRANSITION', 'already suspended');
        schedule['status'] = 'suspended';
        return json(200, schedule);
      });
    }
    const release = /^\/v1\/slots\/([^/]+)\/release$/.exec(path);
    if (method === 'POST' && release) {
      return idempotent(recorded, () => {
        const slot = slots.find((candidate) => candidate['id'] === release[1]);
        if (!slot) return problem(404, 'NOT_FOUND', `No slot ${release[1]}`);
        slot['releasedCount'] = (body as { releasedCount: number }).releasedCount;
        return json(200, slot);
      });
    }
    if (method === 'POST' && path === '/v1/documents') return idempotent(recorded, () => json(201, { id: `doc_${++sequence}`, ...(body as object) }));
    return problem(404, 'NOT_FOUND', `${method} ${path}`);
  }

  async function fetch(request: Request, init?: { signal?: AbortSignal }): Promise<Response> {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const contentType = request.headers.get('content-type') ?? '';
    const recorded: RecordedRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      idempotencyKey: request.headers.get('idempotency-key'),
      body: text && contentType.includes('json') ? JSON.parse(text) : text,
    };
    requests.push(recorded);
    const fault = faultOf(recorded);
    if (fault === 'drop-request') throw new TypeError('fetch failed: connection reset');
    const response = await route(recorded, init?.signal ?? request.signal);
    if (fault === 'drop-answer') throw new TypeError('fetch failed: socket hang up');
    return response;
  }

  return {
    fetch,
    enqueue,
    commands,
    heartbeats,
    requests,
    /** Requests of one kind: `poll`, `ack`, `heartbeat` or a path. */
    count: (kind: 'poll' | 'ack' | 'heartbeat') =>
      requests.filter((request) =>
        kind === 'poll' ? request.method === 'GET' && request.path.endsWith('/commands') : kind === 'ack' ? request.path.endsWith('/result') : request.path.endsWith('/heartbeats'),
      ).length,
    injectFaults(decide: (request: RecordedRequest) => Fault) {
      faultOf = decide;
    },
    /** Resolves when `predicate` holds, checking every few milliseconds (fails the test after `timeoutMs`). */
    async until(predicate: () => boolean, timeoutMs = 3_000): Promise<void> {
      const started = Date.now();
      while (!predicate()) {
        if (Date.now() - started > timeoutMs) throw new Error('Timed out waiting for the fake platform');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    status: (commandId: string) => commands.find((entry) => entry.command.id === commandId)?.command.status,
  };
}

export type FakePlatform = ReturnType<typeof createFakePlatform>;
