import { connectMockPlatform } from '@careloop/mocks/server';
import { findHoldBookCancel } from './booking.js';

// CARELOOP_BASE_URL if set; else the mock platform of a running `npm start` (http://localhost:4010);
// else a mock platform started for this run only. The sandbox credentials are built in.
const platform = await connectMockPlatform({ url: process.env['CARELOOP_BASE_URL'] });
try {
  await findHoldBookCancel({ baseUrl: platform.url, mobile: process.env['CARELOOP_MOBILE'] ?? '13800000002', log: console.log });
} finally {
  await platform.close();
}
