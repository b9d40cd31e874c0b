/** BR-SCH-1 under real concurrency: 200 patients race for 10 numbers through the HTTP server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../src/adapters/http-server.js';
import { createMockPlatform } from '../src/index.js';

let server: RunningMockServer;

beforeAll(async () => {
  server = await startMockServer({ port: 0, platform: createMockPlatform({ validateResponses: true }) });
});

afterAll(async () => {
  await server.close();
});

async function post(path: string, init: { token?: string; json?: unknown; form?: Record<string, string> }) {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (init.token) headers['Authorization'] = `Bearer ${init.token}`;
  if (init.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  if (init.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('BR-SCH-1 through the HTTP server', () => {
  it('BR-SCH-1 200 concurrent holds on 10 remaining numbers: exactly 10 succeed, 190 get SLOT_UNAVAILABLE', async () => {
    const hospital = await post('/v1/oauth/token', { form: { grant_type: 'client_credentials', client_id: 'cli_qtph', client_secret: 'sk_sandbox_qtph' } });
    const hospitalToken = String(hospital.body['access_token']);
    const schedule = await post('/v1/schedules', {
      token: hospitalToken,
      json: {
        departmentId: 'dep_qtph_endo',
        practitionerId: 'prc_liuyang',
        date: '2026-06-20',
        period: 'am',
        registrationLevel: 'general',
        fee: { amountFen: 1000, currency: 'CNY' },
        slots: [{ startTime: '2026-06-20T08:00:00+08:00', endTime: '2026-06-20T09:00:00+08:00', capacity: 20, releasedCount: 10 }],
      },
    });
    expect(schedule.status).toBe(201);
    const slotId = `${String(schedule.body['id']).replace('sch_', 'slt_')}_1`;

    const logins = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        post('/v1/oauth/token', { form: { grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: `1370000${String(i).padStart(4, '0')}`, otp: '123456' } }),
      ),
    );
    const tokens = logins.map((login) => String(login.body['access_token']));
    expect(new Set(logins.map((login) => login.body['patient_id'])).size).toBe(200);

    const observed: number[] = [];
    const watch = async () => {
      for (let i = 0; i < 20; i++) {
        const response = await fetch(`${server.url}/v1/slots/${slotId}`, { headers: { Authorization: `Bearer ${hospitalToken}` } });
        observed.push(((await response.json()) as { remaining: number }).remaining);
      }
    };
    const [results] = await Promise.all([Promise.all(tokens.map((token) => post(`/v1/slots/${slotId}/hold`, { token }))), watch()]);

    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(190);
    expect(refused.every((r) => r.body['code'] === 'SLOT_UNAVAILABLE')).toBe(true);

    const slot = await fetch(`${server.url}/v1/slots/${slotId}`, { headers: { Authorization: `Bearer ${hospitalToken}` } });
    expect(await slot.json()).toMatchObject({ remaining: 0, status: 'full', releasedCount: 10 });
    expect(observed.every((remaining) => remaining >= 0 && remaining <= 10)).toBe(true);
  });
});
