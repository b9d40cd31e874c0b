#!/usr/bin/env node
/** `careloop-mock`: the mock platform over HTTP on PORT (default 4010), with the sandbox credentials. */
import { startMockServer } from './adapters/http-server.js';
import { formatLocal } from './engine/clock.js';
import { createMockPlatform } from './platform.js';

async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? 4010);
  const host = process.env['HOST'] ?? '127.0.0.1';
  const platform = createMockPlatform({
    ...(process.env['CARELOOP_MOCK_SEED'] ? { seed: process.env['CARELOOP_MOCK_SEED'] } : {}),
    ...(process.env['CARELOOP_MOCK_NOW'] ? { now: process.env['CARELOOP_MOCK_NOW'] } : {}),
  });
  const server = await startMockServer({ port, host, platform });
  const { clients, patients } = platform.sandbox;
  const lines = [
    `Careloop mock platform listening on ${server.url}`,
    `Mock clock: ${formatLocal(platform.clock.now().getTime())} (it only moves when told: POST ${server.url}/_mock/clock/advance {"seconds": n}; holds lapse only then).`,
    `Reset: POST ${server.url}/_mock/reset`,
    '',
    'Organization clients (POST /v1/oauth/token, grant_type=client_credentials):',
    ...clients.map((c) => `  ${c.audience.padEnd(12)} ${c.organizationId.padEnd(12)} client_id=${c.clientId.padEnd(14)} client_secret=${c.clientSecret.padEnd(22)} ${c.name}`),
    '',
    'Patients (grant_type=urn:careloop:grant-type:mobile-otp; any other mobile creates a new patient):',
    ...patients.map((p) => `  patient      ${p.patientId.padEnd(16)} mobile=${p.mobile} otp=${p.otp}  ${p.name}`),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = (signal: string) => {
    process.stdout.write(`\n${signal}: stopping the mock platform\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`careloop-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
