/** createMockPlatform: one engine with its clock, sandbox credentials and state digest. */
import { createMockFetch } from './adapters/fetch.js';
import type { SandboxClient } from './domains/auth/clients.js';
import type { Clock } from './engine/clock.js';
import { defaultRuntime, type ConnectorTimings, type WebhookTimings } from './services.js';
import { Engine, type DispatchRequest, type DispatchResponse } from './engine/engine.js';
import type { SandboxPatient } from './world.js';

export const DEFAULT_BASE_URL = 'https://api.careloop.dev';
export const DEFAULT_SEED = 'careloop';
export const DEFAULT_NOW = '2026-06-01T08:00:00+08:00';

export interface CreateMockPlatformOptions {
  /** Seeds ids, tokens and the background world. Default `careloop`. */
  seed?: string;
  /** Where the mock clock starts. Default `2026-06-01T08:00:00+08:00` (a Monday). */
  now?: string;
  /** Validate every response against the spec and throw on a mismatch (use in tests). */
  validateResponses?: boolean;
  /** How the platform calls out (webhook deliveries and challenges). Default: the global fetch. */
  outboundFetch?: (request: Request) => Promise<Response>;
  /** Real-time limits of webhook receivers: challenge (default 5 000 ms) and delivery (default 15 000 ms) answers. */
  webhooks?: Partial<WebhookTimings>;
  /** The connector relay's real-time limits and the platform-clock thresholds of a connector's status. */
  connector?: Partial<ConnectorTimings>;
}

export interface Sandbox {
  /** Where SDKs usually point; the engine itself answers any host. */
  baseUrl: string;
  clients: SandboxClient[];
  patients: SandboxPatient[];
}

export interface MockPlatform {
  /** The whole platform: a Request in, a Response out. */
  handle(request: Request): Promise<Response>;
  /** `fetch` backed by `handle` (relative URLs resolve against the sandbox base URL). */
  fetch: typeof fetch;
  /** The mock clock. Time moves only through it; holds lapse only when it is advanced. */
  clock: Clock;
  /** Back to the seeded world and the start time. */
  reset(): void;
  sandbox: Sandbox;
  /** A stable hash of the domain state and clock: equal digests mean nothing changed. */
  digest(): string;
  /**
   * Webhook delivery. Attempts run outside the requests that emit events; retries are due on the mock
   * clock (advance it to fire them). `settled()` resolves when no attempt is in flight.
   */
  webhooks: { settled(): Promise<void> };
}

/** The transport-neutral entry of each platform `createMockPlatform` made (not part of the public API). */
const dispatchers = new WeakMap<MockPlatform, (request: DispatchRequest) => Promise<DispatchResponse>>();

/**
 * The engine's plain-value `dispatch` behind a platform made by `createMockPlatform`, for adapters
 * whose transport is not the Fetch API; undefined for any other object that implements `MockPlatform`.
 * @internal
 */
export function dispatcherOf(platform: MockPlatform): ((request: DispatchRequest) => Promise<DispatchResponse>) | undefined {
  return dispatchers.get(platform);
}

export function createMockPlatform(options: CreateMockPlatformOptions = {}): MockPlatform {
  const engine = new Engine({
    seed: options.seed ?? DEFAULT_SEED,
    now: options.now ?? DEFAULT_NOW,
    validateResponses: options.validateResponses ?? false,
    runtime: defaultRuntime({
      ...(options.outboundFetch ? { outboundFetch: options.outboundFetch } : {}),
      ...(options.connector ? { connector: options.connector } : {}),
      ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    }),
  });
  const platform: MockPlatform = {
    handle: (request) => engine.handle(request),
    fetch: undefined as unknown as typeof fetch,
    clock: {
      now: () => engine.clock.now(),
      advance: (ms) => engine.clock.advance(ms),
      set: (iso) => engine.clock.set(iso),
    },
    reset: () => engine.reset(),
    get sandbox(): Sandbox {
      return { baseUrl: DEFAULT_BASE_URL, ...engine.sandbox };
    },
    digest: () => engine.digest(),
    webhooks: { settled: () => engine.webhooksSettled() },
  };
  platform.fetch = createMockFetch(platform);
  dispatchers.set(platform, (request) => engine.dispatch(request));
  return platform;
}
