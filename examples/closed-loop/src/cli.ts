import { runClosedLoop } from './closed-loop.js';

// Run against the mock platform started by `npm start`: every audience's sandbox credentials are built in.
const baseUrl = process.env['CARELOOP_BASE_URL'] ?? 'http://localhost:4010';
await runClosedLoop({
  baseUrl,
  // The mock platform's clock control; production adjudicates claims in its own time.
  advanceClock: async (seconds) => {
    await fetch(`${baseUrl}/_mock/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) });
  },
  log: console.log,
});
