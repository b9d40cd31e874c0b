import { runOnlineFollowUp } from './follow-up.js';

// Run against the mock platform started by `npm start`; the credentials are the sandbox ones it prints.
await runOnlineFollowUp({
  baseUrl: process.env['CARELOOP_BASE_URL'] ?? 'http://localhost:4010',
  clientId: process.env['CARELOOP_CLIENT_ID'] ?? 'cli_qtih',
  clientSecret: process.env['CARELOOP_CLIENT_SECRET'] ?? 'sk_sandbox_qtih',
  mobile: process.env['CARELOOP_MOBILE'] ?? '13800000001',
  log: console.log,
});
