/**
 * What `npm start`, `careloop-mock` and `careloop mock` run: the mock platform over HTTP, with a
 * banner listing the clock, the admin controls and the sandbox credentials. One implementation
 * for every bin; the bins only read their options and stop it on a signal.
 */
import { startMockServer, type RunningMockServer } from './adapters/http-server.js';
import { formatLocal } from './engine/clock.js';
import { createMockPlatform } from './platform.js';

export interface ServeMockPlatformOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The world's seed (default: the platform's default seed). */
  seed?: string;
  /** The mock clock's start, RFC 3339 (default: the platform's default start). */
  now?: string;
  /** A built docs site (`npm run docs` → docs/dist) to serve at /docs/. */
  docsDir?: string;
  /** Where the banner goes (default: process.stdout). */
  write?: (text: string) => void;
}

/** Starts the mock platform's HTTP server and prints the banner; close the returned server to stop it. */
export async function serveMockPlatform(options: ServeMockPlatformOptions = {}): Promise<RunningMockServer> {
  const platform = createMockPlatform({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const server = await startMockServer({
    port: options.port ?? 4010,
    host: options.host ?? '127.0.0.1',
    platform,
    ...(options.docsDir === undefined ? {} : { docsDir: options.docsDir }),
  });
  const { clients, patients } = platform.sandbox;
  const lines = [
    `Careloop mock platform listening on ${server.url}`,
    ...(options.docsDir === undefined ? [] : [`Docs: ${server.url}/docs/ (guides, API reference, SDK reference)`]),
    `Mock clock: ${formatLocal(platform.clock.now().getTime())} (it only moves when told: POST ${server.url}/_mock/clock/advance {"seconds": n}; holds lapse only then).`,
    `Reset: POST ${server.url}/_mock/reset`,
    `Events of every tenant: GET ${server.url}/_mock/events?after=&type=&limit=`,
    '',
    'Organization clients (POST /v1/oauth/token, grant_type=client_credentials):',
    ...clients.map((c) => `  ${c.audience.padEnd(12)} ${c.organizationId.padEnd(12)} client_id=${c.clientId.padEnd(14)} client_secret=${c.clientSecret.padEnd(22)} ${c.name}`),
    '',
    'Patients (grant_type=urn:careloop:grant-type:mobile-otp; any other mobile creates a new patient):',
    ...patients.map((p) => `  patient      ${p.patientId.padEnd(16)} mobile=${p.mobile} otp=${p.otp}  ${p.name}`),
    '',
  ];
  (options.write ?? ((text) => process.stdout.write(text)))(`${lines.join('\n')}\n`);
  return server;
}

export interface ConnectMockPlatformOptions {
  /** A platform to use as is (e.g. `process.env.CARELOOP_BASE_URL`); no probing, nothing started. */
  url?: string | undefined;
  /** Where a running mock platform is looked for first (default http://localhost:4010, what `npm start` serves). */
  probeUrl?: string;
  /** Where the one-line notice about a started platform goes (default: process.stderr). */
  write?: (text: string) => void;
}

export interface MockPlatformConnection {
  /** The base URL to give an SDK client. */
  url: string;
  /** Whether this call started the platform (then `close` stops it). */
  started: boolean;
  /** Moves the mock clock forward (`POST /_mock/clock/advance`; timers due by then fire); throws when the platform refuses, e.g. one that is not a mock. */
  advanceClock(seconds: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * For examples and scripts that should run with one command: the platform at `url` when given;
 * else the mock platform already answering at `probeUrl` (a running `npm start`, so its state and
 * events are shared); else a fresh mock platform started on a free port for this run only.
 */
export async function connectMockPlatform(options: ConnectMockPlatformOptions = {}): Promise<MockPlatformConnection> {
  const keep = async () => {};
  if (options.url !== undefined && options.url !== '') return connection(options.url.replace(/\/+$/, ''), false, keep);
  const probeUrl = (options.probeUrl ?? 'http://localhost:4010').replace(/\/+$/, '');
  if (await answersAsMockPlatform(probeUrl)) return connection(probeUrl, false, keep);
  const server = await serveMockPlatform({ port: 0, write: () => {} });
  (options.write ?? ((text) => process.stderr.write(text)))(`No mock platform at ${probeUrl}; started one for this run at ${server.url}.\n`);
  return connection(server.url, true, () => server.close());
}

function connection(url: string, started: boolean, close: () => Promise<void>): MockPlatformConnection {
  return {
    url,
    started,
    close,
    async advanceClock(seconds) {
      const response = await fetch(`${url}/_mock/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seconds }),
      });
      if (!response.ok) throw new Error(`POST ${url}/_mock/clock/advance answered ${response.status}: ${await response.text()}`);
    },
  };
}

/** A Careloop mock platform answers `GET /_mock/clock` with the clock's `now`; anything else (refused, slow, other server) does not count. */
async function answersAsMockPlatform(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/_mock/clock`, { signal: AbortSignal.timeout(1000) });
    if (!response.ok) return false;
    const body = (await response.json()) as { now?: unknown };
    return typeof body.now === 'string';
  } catch {
    return false;
  }
}
