import { publishWatchSuspend } from './schedule.js';

// Run against the mock platform started by `npm start`; the credentials are the sandbox ones it prints.
await publishWatchSuspend({
  baseUrl: process.env['CARELOOP_BASE_URL'] ?? 'http://localhost:4010',
  clientId: process.env['CARELOOP_CLIENT_ID'] ?? 'cli_qtph',
  clientSecret: process.env['CARELOOP_CLIENT_SECRET'] ?? 'sk_sandbox_qtph',
  log: console.log,
});
