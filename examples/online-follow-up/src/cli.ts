import { connectMockPlatform } from '@careloop/mocks/server';
import { runOnlineFollowUp } from './follow-up.js';

// CARELOOP_BASE_URL if set; else the mock platform of a running `npm start` (http://localhost:4010);
// else a mock platform started for this run only. The sandbox credentials are built in.
const platform = await connectMockPlatform({ url: process.env['CARELOOP_BASE_URL'] });
try {
  await runOnlineFollowUp({
    baseUrl: platform.url,
    clientId: process.env['CARELOOP_CLIENT_ID'] ?? 'cli_qtih',
    clientSecret: process.env['CARELOOP_CLIENT_SECRET'] ?? 'sk_sandbox_qtih',
    mobile: process.env['CARELOOP_MOBILE'] ?? '13800000001',
    log: console.log,
  });
} finally {
  await platform.close();
}
