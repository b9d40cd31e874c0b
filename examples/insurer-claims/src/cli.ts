import { connectMockPlatform } from '@careloop/mocks/server';
import { runClaimsDesk } from './claims.js';

// CARELOOP_BASE_URL if set; else the mock platform of a running `npm start` (http://localhost:4010);
// else a mock platform started for this run only. The sandbox credentials are built in.
const platform = await connectMockPlatform({ url: process.env['CARELOOP_BASE_URL'] });
try {
  await runClaimsDesk({
    baseUrl: platform.url,
    insurer: { clientId: 'cli_anxin', clientSecret: 'sk_sandbox_anxin' },
    hospital: { clientId: 'cli_linan', clientSecret: 'sk_sandbox_linan' },
    // The mock platform's clock control; production adjudicates in its own time.
    advanceClock: platform.advanceClock,
    log: console.log,
  });
} finally {
  await platform.close();
}
