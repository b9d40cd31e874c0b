import { findHoldBookCancel } from './booking.js';

// Run against the mock platform started by `npm start` (or any Careloop platform).
const baseUrl = process.env['CARELOOP_BASE_URL'] ?? 'http://localhost:4010';
await findHoldBookCancel({ baseUrl, mobile: process.env['CARELOOP_MOBILE'] ?? '13800000002', log: console.log });
