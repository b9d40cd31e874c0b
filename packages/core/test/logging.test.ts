import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, redactBody, redactText, redactUrl, type Logger, type RequestEvent, type ResponseEvent } from '../src/index.js';
import { BASE, fakeFetch, json, problem, tokenCounter } from './fixtures/fake-api.js';
import { createPatientClient } from './fixtures/patient-api.js';

function memoryLogger(): { logger: Logger; lines: { level: string; message: string; fields: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields: Record<string, unknown>): void => {
      lines.push({ level, message, fields });
    };
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

// A patient's personal data as it travels: in a query, a JSON body, a form body and a response.
const RESIDENT_ID = '11010519491231002X';
const MOBILE = '13912345678';

describe('logging', () => {
  it('logs one info line per attempt with method, URL, status, duration and request id', async () => {
    const api = fakeFetch(() => json({ id: 'apt_1', status: 'pending' }, 201, { 'X-Request-Id': 'req_1' }));
    const { logger, lines } = memoryLogger();
    await createPatientClient({ baseUrl: BASE, fetch: api.fetch, logger: createLogger(logger) }).slots.hold('slt_1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      fields: { operationId: 'holdSlot', method: 'POST', url: `${BASE}/v1/slots/slt_1/hold`, status: 201, requestId: 'req_1', attempt: 0 },
    });
    expect(lines[0]?.message).toMatch(/^careloop ← POST https:\/\/api\.test\/v1\/slots\/slt_1\/hold 201 \d+ ms$/);
  });

  it('warns before each retry and respects the level', async () => {
    let calls = 0;
    const api = fakeFetch(() => (++calls === 1 ? problem(503, 'CONNECTOR_OFFLINE') : json({ id: 'apt_1' }, 201)));
    const { logger, lines } = memoryLogger();
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, retryBackoff: { initialDelayMs: 1 }, logger: createLogger(logger, { level: 'warn' }) });
    await client.slots.hold('slt_1');
    expect(lines.map((line) => line.level)).toEqual(['warn']);
    expect(lines[0]?.fields).toMatchObject({ operationId: 'holdSlot', attempt: 0, status: 503 });
  });

  it('redacts the URL of a retry warning too (a name in the query never reaches the sink)', async () => {
    let calls = 0;
    const api = fakeFetch(() => (++calls === 1 ? problem(503, 'CONNECTOR_OFFLINE') : json({ data: [], nextCursor: null })));
    const { logger, lines } = memoryLogger();
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, retryBackoff: { initialDelayMs: 1 }, logger: createLogger(logger, { level: 'warn' }) });
    await client.GET('/v1/slots', { params: { query: { name: '王芳', mobile: MOBILE } as never } });
    expect(lines.map((line) => line.level)).toEqual(['warn']);
    expect(lines[0]).toMatchObject({ fields: { method: 'GET', attempt: 0, maxRetries: 2, status: 503 } });
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('王芳');
    expect(logged).not.toContain(encodeURIComponent('王芳'));
    expect(logged).not.toContain(MOBILE);
  });

  it('at debug, logs redacted headers and bodies: no token, secret, resident ID or mobile number gets through', async () => {
    const token = tokenCounter();
    const api = fakeFetch((r) =>
      r.url.pathname === '/v1/oauth/token'
        ? token()
        : json({ id: 'pat_1', name: '王芳', mobile: MOBILE, residentId: RESIDENT_ID, deliveryAddress: { name: '王芳', mobile: MOBILE, province: '浙江省', city: '杭州市', district: '西湖区', line: '文三路18号' } }, 200, { 'Set-Cookie': 'session=abc123' }),
    );
    const { logger, lines } = memoryLogger();
    const client = createPatientClient({
      baseUrl: BASE,
      fetch: api.fetch,
      auth: { clientId: 'cli_1', clientSecret: 'sk_live_very_secret' },
      logger: createLogger(logger, { level: 'debug' }),
    });
    await client.appointments.cancel('apt_1', { reason: `call me on ${MOBILE} or +86 139-1234-5678, id ${RESIDENT_ID}` });
    const logged = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const secret of ['tok_1', 'sk_live_very_secret', 'abc123', MOBILE, '139-1234-5678', RESIDENT_ID, '王芳', '文三路']) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).toContain(REDACTED);
    expect(logged).toContain('apt_1'); // ids stay: they are what support needs
  });

  it('hands redacted events to the request and response hooks for every attempt', async () => {
    const api = fakeFetch(() => json({ id: 'apt_1' }, 201, { 'X-Request-Id': 'req_9' }));
    const requests: RequestEvent[] = [];
    const responses: ResponseEvent[] = [];
    const client = createPatientClient({
      baseUrl: BASE,
      fetch: api.fetch,
      auth: { accessToken: 'tok_secret' },
      logger: createLogger(undefined, { onRequest: (e) => requests.push(e), onResponse: (e) => responses.push(e) }),
    });
    await client.slots.hold('slt_1', { idempotencyKey: 'k-1' });
    expect(requests).toEqual([
      {
        operationId: 'holdSlot',
        method: 'POST',
        url: `${BASE}/v1/slots/slt_1/hold`,
        attempt: 0,
        headers: { accept: 'application/json', authorization: REDACTED, 'idempotency-key': 'k-1' },
      },
    ]);
    expect(responses).toMatchObject([{ operationId: 'holdSlot', status: 201, requestId: 'req_9', errorCode: undefined }]);
  });

  it('reports a failed attempt without an answer at error level, with its code', async () => {
    const { logger, lines } = memoryLogger();
    const client = createPatientClient({ baseUrl: BASE, fetch: () => Promise.reject(new TypeError('down')), maxRetries: 0, logger: createLogger(logger) });
    await client.slots.hold('slt_1');
    expect(lines).toMatchObject([{ level: 'error', fields: { errorCode: 'CONNECTION_ERROR', status: undefined } }]);
  });
});

describe('redaction rules', () => {
  it('redacts query parameters by name and sensitive values anywhere in a URL', () => {
    expect(redactUrl(`${BASE}/v1/patients?mobile=${MOBILE}&limit=5`)).toBe(`${BASE}/v1/patients?mobile=%5BREDACTED%5D&limit=5`);
    expect(redactUrl(`${BASE}/v1/lookup/${RESIDENT_ID}`)).toBe(`${BASE}/v1/lookup/${REDACTED}`);
  });

  it('redacts form and JSON fields by name, at any depth, and leaves other fields alone', () => {
    expect(redactBody('grant_type=client_credentials&client_id=cli_1&client_secret=sk_1', 'application/x-www-form-urlencoded')).toBe(
      'grant_type=client_credentials&client_id=cli_1&client_secret=%5BREDACTED%5D',
    );
    expect(JSON.parse(redactBody(JSON.stringify({ patient: [{ name: '李娜', status: 'booked' }], secret: 'whsec_x' }), 'application/json'))).toEqual({
      patient: [{ name: REDACTED, status: 'booked' }],
      secret: REDACTED,
    });
  });

  it('finds resident ID and mobile numbers, bearer tokens and webhook secrets in free text', () => {
    expect(redactText(`ID ${RESIDENT_ID.toLowerCase()}, tel +86 139 1234 5678; Bearer abc.def; whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw`)).toBe(
      `ID ${REDACTED}, tel ${REDACTED}; ${REDACTED}; ${REDACTED}`,
    );
    // Longer digit runs (order numbers, amounts in fen) are not mistaken for either.
    expect(redactText('order 1391234567812 total 18000')).toBe('order 1391234567812 total 18000');
  });
});
