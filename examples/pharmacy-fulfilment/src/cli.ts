import { fulfilNextDelivery } from './fulfilment.js';

// Run against the mock platform started by `npm start`; the credentials are the sandbox ones it prints.
await fulfilNextDelivery({
  baseUrl: process.env['CARELOOP_BASE_URL'] ?? 'http://localhost:4010',
  clientId: process.env['CARELOOP_CLIENT_ID'] ?? 'cli_jiuzhou',
  clientSecret: process.env['CARELOOP_CLIENT_SECRET'] ?? 'sk_sandbox_jiuzhou',
  pharmacistId: process.env['CARELOOP_PHARMACIST_ID'] ?? 'prc_jiangtao',
  log: console.log,
});
