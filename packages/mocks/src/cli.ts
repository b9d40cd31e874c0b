#!/usr/bin/env node
/**
 * `careloop-mock` (`npm start`): the mock platform over HTTP on PORT (default 4010), with the
 * sandbox credentials; `--docs <dir>` (or CARELOOP_MOCK_DOCS) also serves a built docs site at /docs/.
 */
import { parseArgs } from 'node:util';
import { serveMockPlatform } from './serve.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { docs: { type: 'string' } } });
  const docsDir = values.docs ?? process.env['CARELOOP_MOCK_DOCS'];
  const server = await serveMockPlatform({
    ...(docsDir ? { docsDir } : {}),
    port: Number(process.env['PORT'] ?? 4010),
    host: process.env['HOST'] ?? '127.0.0.1',
    ...(process.env['CARELOOP_MOCK_SEED'] ? { seed: process.env['CARELOOP_MOCK_SEED'] } : {}),
    ...(process.env['CARELOOP_MOCK_NOW'] ? { now: process.env['CARELOOP_MOCK_NOW'] } : {}),
  });
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
