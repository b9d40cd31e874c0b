import { connectMockPlatform } from '@careloop/mocks/server';
import { publishWatchSuspend } from './schedule.js';

// CARELOOP_BASE_URL if set; else the mock platform of a running `npm start` (http://localhost:4010);
// else a mock platform started for this run only. The sandbox credentials are built in.
const platform = await connectMockPlatform({ url: process.env['CARELOOP_BASE_URL'] });
try {
  await publishWatchSuspend({
    baseUrl: platform.url,
    clientId: process.env['CARELOOP_CLIENT_ID'] ?? 'cli_qtph',
    clientSecret: process.env['CARELOOP_CLIENT_SECRET'] ?? 'sk_sandbox_qtph',
    log: console.log,
  });
} finally {
  await platform.close();
}
