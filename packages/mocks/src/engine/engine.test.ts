import { describe, expect, it } from 'vitest';
import { BASE, call, orgToken, patientLogin, request, testPlatform, MOBILE } from '../../test/helpers.js';
import { createMockPlatform } from '../index.js';

describe('engine: routing', () => {
  it('answers an unknown path with 404 NOT_FOUND and a request id', async () => {
    const platform = testPlatform();
    const result = await call(platform, 'GET', '/v1/nothing-here');
    expect(result.status).toBe(404);
    expect(result.headers.get('content-type')).toBe('application/problem+json');
    expect(result.body).toMatchObject({ code: 'NOT_FOUND', status: 404, instance: '/v1/nothing-here', type: 'https://docs.careloop.dev/errors/NOT_FOUND' });
    expect(result.headers.get('x-request-id')).toMatch(/^req_[0-9a-z]{12}$/);
    expect(result.body.requestId).toBe(result.headers.get('x-request-id'));
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const platform = testPlatform();
    const result = await call(platform, 'DELETE', '/v1/schedules');
    expect(result.status).toBe(405);
    expect(result.body.code).toBe('METHOD_NOT_ALLOWED');
    expect(result.headers.get('allow')).toBe('GET, POST');
  });
});

describe('engine: authentication and scopes', () => {
  it('refuses a missing or unknown token with 401 UNAUTHENTICATED', async () => {
    const platform = testPlatform();
    expect((await call(platform, 'GET', '/v1/organizations')).body.code).toBe('UNAUTHENTICATED');
    const unknown = await call(platform, 'GET', '/v1/organizations', { token: 'tok_nope' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token with 401 TOKEN_EXPIRED once the mock clock passes expires_in', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    platform.clock.advance(7199 * 1000);
    expect((await call(platform, 'GET', '/v1/organizations', { token })).status).toBe(200);
    platform.clock.advance(1000);
    const expired = await call(platform, 'GET', '/v1/organizations', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token without the scope, or of the wrong kind, with 403 INSUFFICIENT_SCOPE', async () => {
    const platform = testPlatform();
    const readOnly = await orgToken(platform, 'qtph', 'schedules:read');
    const scoped = await call(platform, 'POST', '/v1/schedules/sch_zhangwei_0603am/suspend', { token: readOnly, body: { reason: 'x' } });
    expect(scoped.status).toBe(403);
    expect(scoped.body).toMatchObject({ code: 'INSUFFICIENT_SCOPE', detail: 'This operation needs the scope schedules:write.' });

    const pharmacy = await orgToken(platform, 'jiuzhou');
    expect((await call(platform, 'GET', '/v1/slots', { token: pharmacy })).body.code).toBe('INSUFFICIENT_SCOPE');

    const hospital = await orgToken(platform);
    const holdByHospital = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/hold', { token: hospital });
    expect(holdByHospital.status).toBe(403);
    expect(holdByHospital.body.code).toBe('INSUFFICIENT_SCOPE');
  });

  it('authenticates before it validates', async () => {
    const platform = testPlatform();
    const result = await call(platform, 'GET', '/v1/slots?limit=1000');
    expect(result.status).toBe(401);
  });
});

describe('engine: request validation', () => {
  it('names every bad field at once, with pointers rooted at the request part', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    const result = await call(platform, 'POST', '/v1/schedules', {
      token,
      headers: { 'Idempotency-Key': '' },
      body: {
        departmentId: 'dep_qtph_endo',
        practitionerId: 'prc_zhangwei',
        date: '2026-13-40',
        period: 'night',
        registrationLevel: 'expert',
        fee: { amountFen: -1, currency: 'CNY' },
        slots: [{ startTime: '2026-06-20T08:00:00+08:00', endTime: '2026-06-20T09:00:00+08:00', capacity: 0, releasedCount: 0 }],
        colour: 'blue',
      },
    });
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('VALIDATION_FAILED');
    expect(result.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/headers/idempotency-key', code: 'minLength', message: expect.any(String) },
        { pointer: '/body/date', code: 'format', message: expect.any(String) },
        { pointer: '/body/period', code: 'enum', message: expect.any(String) },
        { pointer: '/body/fee/amountFen', code: 'minimum', message: expect.any(String) },
        { pointer: '/body/slots/0/capacity', code: 'minimum', message: 'must be >= 1' },
        { pointer: '/body/colour', code: 'unknown', message: expect.any(String) },
      ]),
    );
    expect(result.body.errors).toHaveLength(6);
    expect(result.body.detail).toBe('6 fields failed validation.');
  });

  it('points a missing required property at the property itself', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    const result = await call(platform, 'POST', '/v1/schedules/sch_zhangwei_0603am/suspend', { token, body: {} });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([{ pointer: '/body/reason', code: 'required', message: 'is required' }]);
  });

  it('rejects prototype-named query parameters as unknown (found by the fuzz suite: __proto__ used to vanish)', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const result = await call(platform, 'GET', `/v1/alliances?${name}=1`, { token });
      expect([result.status, result.body.errors]).toEqual([400, [{ pointer: `/query/${name}`, code: 'unknown', message: 'is not a known query parameter' }]]);
    }
  });

  it('coerces query values per schema and reports unknown query parameters with code unknown', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    expect((await call(platform, 'GET', '/v1/slots?limit=5&available=true', { token })).status).toBe(200);
    const result = await call(platform, 'GET', '/v1/slots?limit=abc&available=maybe&dateFrom=June&colour=blue', { token });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/query/limit', code: 'type', message: 'must be integer' },
        { pointer: '/query/available', code: 'type', message: 'must be boolean' },
        { pointer: '/query/dateFrom', code: 'format', message: expect.any(String) },
        { pointer: '/query/colour', code: 'unknown', message: 'is not a known query parameter' },
      ]),
    );
    expect(result.body.errors).toHaveLength(4);
    const tooMany = await call(platform, 'GET', '/v1/slots?limit=101', { token });
    expect(tooMany.body.errors).toEqual([{ pointer: '/query/limit', code: 'maximum', message: 'must be <= 100' }]);
  });

  it('validates path parameters', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    const result = await call(platform, 'GET', `/v1/slots/${'x'.repeat(65)}`, { token });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([{ pointer: '/path/slotId', code: 'maxLength', message: expect.any(String) }]);
  });

  it('answers a body in another media type with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    const result = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/release', {
      token,
      rawBody: 'releasedCount=8',
      contentType: 'text/plain',
    });
    expect(result.status).toBe(415);
    expect(result.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('reports malformed JSON at /body with code malformed', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    const result = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/release', { token, rawBody: '{"releasedCount": 8' });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([{ pointer: '/body', code: 'malformed', message: 'is not valid JSON' }]);
  });

  it('requires a required body and accepts an omitted optional one', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    const missing = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/release', { token });
    expect(missing.body.errors).toEqual([{ pointer: '/body', code: 'required', message: expect.any(String) }]);
    const cancel = await call(platform, 'POST', '/v1/appointments/apt_lina_0603/cancel', { token });
    expect(cancel.status).toBe(200);
    expect(cancel.body.cancellation).toMatchObject({ reason: 'hospital-request', note: null });
  });

  it('leaves the state untouched on every invalid request', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    const patient = await patientLogin(platform, MOBILE.wangfang);
    const before = platform.digest();
    await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/release', { token, body: { releasedCount: 11 } });
    await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/release', { token, rawBody: '{' });
    await call(platform, 'POST', '/v1/slots/slt_zhangwei_0605am_1/hold', { token: patient.token });
    await call(platform, 'POST', '/v1/appointments/apt_lina_0601/cancel', { token: (await patientLogin(platform, MOBILE.lina)).token });
    await call(platform, 'POST', '/v1/schedules/sch_sunli_0602pm/suspend', { token, body: { reason: 'again' } });
    expect(platform.digest()).toBe(before);
  });
});

describe('engine: idempotency', () => {
  it('replays the stored response byte for byte, with Idempotent-Replayed, and no second effect', async () => {
    const platform = testPlatform();
    const { token } = await patientLogin(platform, MOBILE.wangfang);
    const headers = { 'Idempotency-Key': 'hold-1' };
    const first = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/hold', { token, headers });
    const digest = platform.digest();
    const second = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/hold', { token, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(platform.digest()).toBe(digest);
  });

  it('replays stored 4xx answers too', async () => {
    const platform = testPlatform();
    const { token } = await patientLogin(platform, MOBILE.wangfang);
    const headers = { 'Idempotency-Key': 'hold-full' };
    const first = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0605am_1/hold', { token, headers });
    const second = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0605am_1/hold', { token, headers });
    expect(first.status).toBe(409);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers the same key with another body with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    const headers = { 'Idempotency-Key': 'release-1' };
    expect((await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/release', { token, headers, body: { releasedCount: 8 } })).status).toBe(200);
    const reused = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/release', { token, headers, body: { releasedCount: 9 } });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherPath = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_2/release', { token, headers, body: { releasedCount: 8 } });
    expect(otherPath.status).toBe(422);
  });

  it('scopes keys per caller', async () => {
    const platform = testPlatform();
    const a = await patientLogin(platform, MOBILE.wangfang);
    const b = await patientLogin(platform, MOBILE.chenjian);
    const headers = { 'Idempotency-Key': 'same-key' };
    const first = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_2/hold', { token: a.token, headers });
    const second = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_2/hold', { token: b.token, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(second.body.patientId).toBe('pat_chenjian');
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('forgets keys after 24 hours of mock clock', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    const headers = { 'Idempotency-Key': 'release-day' };
    await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/release', { token, headers, body: { releasedCount: 8 } });
    platform.clock.advance(60 * 60 * 1000);
    const refreshed = await orgToken(platform);
    platform.clock.advance(23 * 60 * 60 * 1000);
    const fresh = await orgToken(platform);
    const after = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/release', { token: fresh, headers, body: { releasedCount: 9 } });
    expect(refreshed).not.toBe(fresh);
    expect(after.status).toBe(200);
    expect(after.body.releasedCount).toBe(9);
  });
});

describe('engine: determinism and admin endpoints', () => {
  const script = async (platform: ReturnType<typeof createMockPlatform>): Promise<string[]> => {
    const out: string[] = [];
    const record = async (req: Request) => {
      const response = await platform.handle(req);
      out.push(`${response.status} ${[...response.headers].map(([k, v]) => `${k}=${v}`).join(';')} ${await response.text()}`);
    };
    const tokenResponse = await platform.handle(
      request('POST', '/v1/oauth/token', { rawBody: `grant_type=urn:careloop:grant-type:mobile-otp&mobile=13912345678&otp=123456`, contentType: 'application/x-www-form-urlencoded' }),
    );
    const tokenText = await tokenResponse.text();
    out.push(tokenText);
    const token = (JSON.parse(tokenText) as { access_token: string }).access_token;
    await record(request('GET', '/v1/slots?practitionerId=prc_zhangwei&limit=3', { token }));
    await record(request('POST', '/v1/slots/slt_zhangwei_0603am_2/hold', { token, headers: { 'Idempotency-Key': 'a' } }));
    await record(request('POST', '/v1/slots/slt_zhangwei_0604am_1/hold', { token }));
    platform.clock.advance(11 * 60 * 1000);
    await record(request('GET', '/v1/appointments', { token }));
    await record(request('GET', '/v1/events', { token }));
    await record(request('POST', '/v1/slots/slt_zhangwei_0603am_2/release', { token, body: { releasedCount: 1 } }));
    return out;
  };

  it('gives byte-identical responses for the same seed, clock and requests', async () => {
    const first = await script(createMockPlatform());
    const second = await script(createMockPlatform());
    expect(second).toEqual(first);
    expect(createMockPlatform().digest()).toBe(createMockPlatform().digest());
  });

  it('derives ids from the seed', async () => {
    const a = await script(createMockPlatform({ seed: 'one' }));
    const b = await script(createMockPlatform({ seed: 'two' }));
    expect(a[0]).not.toBe(b[0]);
  });

  it('reads and advances the clock and resets the world through /_mock', async () => {
    const platform = testPlatform();
    const before = platform.digest();
    expect((await call(platform, 'GET', '/_mock/clock')).body).toEqual({ now: '2026-06-01T08:00:00+08:00' });
    const advanced = await call(platform, 'POST', '/_mock/clock/advance', { body: { seconds: 90 } });
    expect(advanced.body).toEqual({ now: '2026-06-01T08:01:30+08:00' });
    expect(platform.clock.now().toISOString()).toBe('2026-06-01T00:01:30.000Z');
    expect((await call(platform, 'POST', '/_mock/clock/advance', { body: { seconds: -1 } })).body.errors[0].pointer).toBe('/body/seconds');
    expect((await call(platform, 'GET', '/_mock/reset')).status).toBe(405);
    expect((await call(platform, 'POST', '/_mock/reset')).body).toEqual({ now: '2026-06-01T08:00:00+08:00' });
    expect(platform.digest()).toBe(before);
  });

  it('lists every tenant\'s events through GET /_mock/events, read on with after, filtered by type', async () => {
    const platform = testPlatform();
    const { token } = await patientLogin(platform, MOBILE.wangfang);
    const before = (await call(platform, 'GET', '/_mock/events?limit=100')).body;
    let last = before.nextCursor;
    for (let page = before; page.data.length === 100; page = (await call(platform, 'GET', `/_mock/events?limit=100&after=${last}`)).body) {
      last = page.nextCursor ?? last;
    }
    await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/hold', { token });
    const after = (await call(platform, 'GET', `/_mock/events${last ? `?after=${last}` : ''}`)).body;
    expect(after.data.map((event: { type: string }) => event.type)).toEqual(['appointment.held']);
    expect(after.data[0].data).toMatchObject({ object: 'appointment', patientId: 'pat_wangfang' });
    expect(after.nextCursor).toBe(after.data[0].id);
    const held = (await call(platform, 'GET', '/_mock/events?type=appointment.held&limit=5')).body.data;
    expect(held.map((event: { id: string }) => event.id)).toEqual([after.data[0].id]);
    const first = (await call(platform, 'GET', '/_mock/events?limit=2')).body.data;
    expect(first.map((event: { id: string }) => event.id)).toEqual(['evt_00000001', 'evt_00000002'].slice(0, first.length));
    const bad = await call(platform, 'GET', '/_mock/events?after=nope&type=nope&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/query/after', '/query/type', '/query/limit']);
    expect((await call(platform, 'POST', '/_mock/events')).status).toBe(405);
  });

  it('platform.reset returns to the seeded world', async () => {
    const platform = testPlatform();
    const before = platform.digest();
    const { token } = await patientLogin(platform, MOBILE.wangfang);
    await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/hold', { token });
    expect(platform.digest()).not.toBe(before);
    platform.reset();
    expect(platform.digest()).toBe(before);
  });

  it('serves relative and absolute URLs through platform.fetch', async () => {
    const platform = testPlatform();
    const response = await platform.fetch('/v1/organizations/org_qtph');
    expect(response.status).toBe(401);
    const absolute = await platform.fetch(`${BASE}/_mock/clock`);
    expect(await absolute.json()).toEqual({ now: '2026-06-01T08:00:00+08:00' });
  });
});
