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
