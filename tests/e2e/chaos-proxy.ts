/**
 * A fault-injecting HTTP proxy (node:http, 127.0.0.1, an ephemeral port) in front of a real server.
 * For each request it may fail in one of the ways a network between an SDK and the platform fails:
 * drop the connection, answer 500/503/429 itself, stall past the client's timeout (and maybe
 * deliver the request late anyway), or let the platform process the request and then lose, withhold
 * or cut its answer. Which fault a request gets comes from a seeded PRNG keyed by the call and the
 * attempt number, so a run is reproducible whatever order concurrent requests arrive in.
 */
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request. */
export const FAULTS = [
  /** Forwarded, answered as the platform answered. */
  'pass',
  /** Connection destroyed before forwarding: the platform never sees the request. */
  'drop',
  /** Answered 500 / 503 / 429 by the proxy (with Retry-After 0 or 1 s); not forwarded. */
  'status-500',
  'status-503',
  'status-429',
  /** Held past the client's timeout, then the connection destroyed; not forwarded. */
  'stall',
  /** Held past the client's timeout, then forwarded anyway (after the client gave up); the answer is dropped. */
  'late-delivery',
  /** Forwarded and processed; the answer is held past the client's timeout, then the connection destroyed. */
  'withhold-answer',
  /** Forwarded and processed; the connection is destroyed instead of answering (the "success but killed" case). */
  'kill-after-success',
  /** Forwarded and processed; the status line, headers and half of the body are sent, then the connection destroyed. */
  'cut-body',
] as const;
export type Fault = (typeof FAULTS)[number];

/** Faults after which the platform has processed the request but the client never read the answer. */
const PROCESSED_UNANSWERED: ReadonlySet<Fault> = new Set(['late-delivery', 'withhold-answer', 'kill-after-success', 'cut-body']);

export interface ChaosProxyOptions {
  /** Origin of the server behind the proxy, e.g. `http://127.0.0.1:4010`. */
  target: string;
  seed: string;
  /** Relative weight of each fault for a request that may get one (see `faultable`); missing faults weigh 0. */
  weights: Partial<Record<Fault, number>>;
  /** How long `stall`, `late-delivery` and `withhold-answer` hold: longer than the client's per-attempt timeout. */
  stallMs: number;
  /** Which requests may get a fault; the others pass. Default: every POST. */
  faultable?: (method: string, path: string) => boolean;
  /**
   * A request header naming the logical call (stripped before forwarding). Attempts of the same call
   * are numbered, and the fault of attempt n of call c is drawn from PRNG(seed, c, n). Requests
   * without it draw from a per-route sequence.
   */
  callHeader?: string;
}

/** Per route (`POST /v1/slots/{id}/hold`): what reached the platform and what it answered. */
export interface RouteStats {
  received: number;
  /** Requests forwarded to the platform (and answered by it). */
  forwarded: number;
  /** Forwarded requests the platform answered 2xx without `Idempotent-Replayed`: a side effect happened. */
  effects: number;
  /** Forwarded requests the platform answered with `Idempotent-Replayed: true`. */
  replays: number;
  /** Statuses the platform answered, by status. */
  upstreamStatuses: Record<number, number>;
}

export interface ChaosStats {
  received: number;
  faults: Record<Fault, number>;
  /** Requests that may not get a fault (see `faultable`), passed through. */
  unfaultable: number;
  /** Requests forwarded to the platform and answered by it. */
  forwarded: number;
  /** Forwarded requests the platform did not answer (connection refused or reset): each is a finding. */
  upstreamErrors: number;
  /** Forwarded requests whose answer the client never read (late delivery, withheld, killed, cut). */
  processedUnanswered: number;
  /** `kill-after-success` requests the platform answered 2xx with a fresh side effect. */
  killedAfterEffect: number;
  replays: number;
  routes: Record<string, RouteStats>;
}

/** One attempt of a named call as the proxy saw it. */
export interface AttemptRecord {
  /** `performance.now()` when its request arrived in full. */
  atMs: number;
  fault: Fault;
  /** The Retry-After seconds sent with a `status-*` fault. */
  retryAfter: number;
  /** The X-Request-Id of a `status-*` fault's answer, so a test can tell whether the client read it. */
  requestId?: string;
}

export interface ChaosProxy {
  url: string;
  stats: ChaosStats;
  /** Per call named by `callHeader`: its attempts in arrival order. */
  calls: ReadonlyMap<string, readonly AttemptRecord[]>;
  /** Resolves once every stalled request has been settled and every forwarded request answered. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** A 32-bit FNV-1a hash of a string. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A seeded PRNG (mulberry32) over a string seed: uniform floats in [0, 1). */
export function seededRandom(seed: string): () => number {
  let state = hash32(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `/v1/slots/slt_x_1/hold` → `/v1/slots/{id}/hold`: ids are lower-case prefix, underscore, rest. */
export function routeOf(method: string, path: string): string {
  const template = (path.split('?')[0] ?? '').replace(/\/[a-z]+_[A-Za-z0-9_]+/g, '/{id}');
  return `${method} ${template}`;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

interface Upstream {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export async function startChaosProxy(options: ChaosProxyOptions): Promise<ChaosProxy> {
  const target = new URL(options.target);
  const faultable = options.faultable ?? ((method) => method === 'POST');
  const callHeader = options.callHeader?.toLowerCase();
  const weighted = FAULTS.map((fault) => [fault, Math.max(0, options.weights[fault] ?? 0)] as const).filter(([, weight]) => weight > 0);
  const totalWeight = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  if (totalWeight <= 0) throw new Error('chaos proxy: every fault weighs 0');
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const attempts = new Map<string, number>();
  const calls = new Map<string, AttemptRecord[]>();
  const pending = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  let nextRequestId = 1;

  const stats: ChaosStats = {
    received: 0,
    faults: Object.fromEntries(FAULTS.map((fault) => [fault, 0])) as Record<Fault, number>,
    unfaultable: 0,
    forwarded: 0,
    upstreamErrors: 0,
    processedUnanswered: 0,
    killedAfterEffect: 0,
    replays: 0,
    routes: {},
  };

  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    void promise.then(
      () => pending.delete(promise),
      () => pending.delete(promise),
    );
    return promise;
  };
  const wait = (ms: number): Promise<void> =>
    track(
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
    );

  /** The fault and the Retry-After seconds for attempt `attempt` of `call`. */
  const draw = (call: string, attempt: number): { fault: Fault; retryAfter: number } => {
    const random = seededRandom(`${options.seed}\u0000${call}\u0000${attempt}`);
    let pick = random() * totalWeight;
    let fault: Fault = 'pass';
    for (const [candidate, weight] of weighted) {
      fault = candidate;
      pick -= weight;
      if (pick < 0) break;
    }
    return { fault, retryAfter: random() < 0.3 ? 1 : 0 };
  };

  const forward = (incoming: IncomingMessage, headers: IncomingHttpHeaders, body: Buffer, route: RouteStats): Promise<Upstream> =>
    track(
      new Promise<Upstream>((resolve, reject) => {
        const outgoing = httpRequest(
          { agent, host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...headers, host: target.host } },
          (answer) => {
            const chunks: Buffer[] = [];
            answer.on('data', (chunk: Buffer) => chunks.push(chunk));
            answer.once('error', (error) => {
              stats.upstreamErrors++;
              reject(error);
            });
            answer.once('end', () => {
              const status = answer.statusCode ?? 0;
              const replayed = answer.headers['idempotent-replayed'] === 'true';
              stats.forwarded++;
              route.forwarded++;
              route.upstreamStatuses[status] = (route.upstreamStatuses[status] ?? 0) + 1;
              if (replayed) {
                stats.replays++;
                route.replays++;
              } else if (status >= 200 && status < 300) {
                route.effects++;
              }
              const out: Record<string, string | string[]> = {};
              for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
              resolve({ status, headers: out, body: Buffer.concat(chunks) });
            });
          },
        );
        outgoing.once('error', (error) => {
          stats.upstreamErrors++;
          reject(error);
        });
        outgoing.end(body);
      }),
    );

  const reply = (outgoing: ServerResponse, upstream: Upstream): void => {
    if (outgoing.destroyed) return;
    outgoing.writeHead(upstream.status, { ...upstream.headers, 'content-length': upstream.body.length });
    outgoing.end(upstream.body);
  };

  const handle = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    const routeName = routeOf(method, path);
    const route = (stats.routes[routeName] ??= { received: 0, forwarded: 0, effects: 0, replays: 0, upstreamStatuses: {} });
    stats.received++;
    route.received++;

    const headers: IncomingHttpHeaders = { ...incoming.headers };
    const callValue = callHeader === undefined ? undefined : headers[callHeader];
    if (callHeader !== undefined) delete headers[callHeader];
    for (const name of HOP_BY_HOP) delete headers[name];
    const call = typeof callValue === 'string' ? callValue : `route ${routeName}`;
    const attempt = attempts.get(call) ?? 0;
    attempts.set(call, attempt + 1);
    if (!faultable(method, path)) {
      stats.unfaultable++;
      reply(outgoing, await forward(incoming, headers, body, route));
      return;
    }
    const { fault, retryAfter } = draw(call, attempt);
    stats.faults[fault]++;
    const record: AttemptRecord = { atMs: performance.now(), fault, retryAfter };
    if (typeof callValue === 'string') calls.set(call, [...(calls.get(call) ?? []), record]);
    const socket = incoming.socket;

    switch (fault) {
      case 'pass':
        reply(outgoing, await forward(incoming, headers, body, route));
        return;
      case 'drop':
        socket.destroy();
        return;
      case 'status-500':
      case 'status-503':
      case 'status-429': {
        const status = Number(fault.slice('status-'.length));
        const code = { 500: 'INTERNAL_ERROR', 503: 'SERVICE_UNAVAILABLE', 429: 'RATE_LIMITED' }[status as 500 | 503 | 429];
        const requestId = `req_chaos_${nextRequestId++}`;
        record.requestId = requestId;
        const problem = JSON.stringify({ type: 'about:blank', title: 'Injected fault', status, code, detail: `The chaos proxy answered ${status} (${fault}).`, requestId });
        outgoing.writeHead(status, {
          'content-type': 'application/problem+json',
          'content-length': Buffer.byteLength(problem),
          'retry-after': String(retryAfter),
          'x-request-id': requestId,
          'x-chaos-fault': fault,
        });
        outgoing.end(problem);
        return;
      }
      case 'stall':
        await wait(options.stallMs);
        socket.destroy();
        return;
      case 'late-delivery':
        await wait(options.stallMs);
        socket.destroy();
        await forward(incoming, headers, body, route);
        stats.processedUnanswered++;
        return;
      case 'withhold-answer':
        await forward(incoming, headers, body, route);
        stats.processedUnanswered++;
        await wait(options.stallMs);
        socket.destroy();
        return;
      case 'kill-after-success': {
        const upstream = await forward(incoming, headers, body, route);
        stats.processedUnanswered++;
        if (upstream.status >= 200 && upstream.status < 300 && upstream.headers['idempotent-replayed'] !== 'true') stats.killedAfterEffect++;
        socket.destroy();
        return;
      }
      case 'cut-body': {
        const upstream = await forward(incoming, headers, body, route);
        stats.processedUnanswered++;
        if (outgoing.destroyed) return;
        outgoing.writeHead(upstream.status, { ...upstream.headers, 'content-length': upstream.body.length });
        outgoing.write(upstream.body.subarray(0, Math.floor(upstream.body.length / 2)), () => socket.destroy());
        return;
      }
    }
  };

  const server = createServer((incoming, outgoing) => {
    outgoing.sendDate = false;
    // A client that went away mid-body, or a platform that did not answer (counted in upstreamErrors): close.
    track(handle(incoming, outgoing)).catch(() => incoming.socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    calls,
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => {
          agent.destroy();
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
