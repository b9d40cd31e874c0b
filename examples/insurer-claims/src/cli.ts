import { runClaimsDesk } from './claims.js';

// Run against the mock platform started by `npm start`; the credentials are the sandbox ones it prints.
const baseUrl = process.env['CARELOOP_BASE_URL'] ?? 'http://localhost:4010';
await runClaimsDesk({
  baseUrl,
  insurer: { clientId: 'cli_anxin', clientSecret: 'sk_sandbox_anxin' },
  hospital: { clientId: 'cli_linan', clientSecret: 'sk_sandbox_linan' },
  // The mock platform's clock control; production adjudicates in its own time.
  advanceClock: async (seconds) => {
    await fetch(`${baseUrl}/_mock/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) });
  },
  log: console.log,
});
