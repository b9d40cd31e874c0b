import { build } from 'esbuild';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { CareloopError } from '../src/index.js';
import {
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  WebhookVerificationError,
  type WebhookHeaders,
  type WebhookVerificationErrorCode,
} from '../src/webhooks.js';

// The reference implementation (standardwebhooks, by the standard's authors) checks us both ways:
// what we sign it accepts, and what it signs we accept.
const base64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const SECRET = `whsec_${base64(Uint8Array.from({ length: 32 }, (_, i) => i))}`;
const OTHER_SECRET = `whsec_${base64(Uint8Array.from({ length: 32 }, (_, i) => 255 - i))}`;
const ID = 'msg_2vXqDXnQ8kTZm0Yx';
const TIMESTAMP = 1_780_000_000;
const at = (seconds: number) => ({ now: () => seconds * 1000 });
const EVENT = {
  id: 'evt_00000042',
  type: 'appointment.booked',
  createdAt: '2026-06-03T09:00:00+08:00',
  data: { object: 'appointment', id: 'apt_456', status: 'booked', organizationId: 'org_qtph', patientId: 'pat_zhangsan' },
};
const BODY = JSON.stringify(EVENT);
const encode = (text: string) => new TextEncoder().encode(text);
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof WebhookVerificationError)) throw new Error(`expected a WebhookVerificationError, got ${String(error)}`);
  return error;
}

async function expectCode(promise: Promise<unknown>, code: WebhookVerificationErrorCode): Promise<void> {
  expect((await rejection(promise)).code).toBe(code);
}

describe('signWebhook / verifyWebhook', () => {
  it('signs the three Standard Webhooks headers and verifies them back to the parsed event', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    expect(headers['webhook-id']).toBe(ID);
    expect(headers['webhook-timestamp']).toBe(String(TIMESTAMP));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    await expect(verifyWebhook(BODY, headers, SECRET, at(TIMESTAMP))).resolves.toEqual(EVENT);
  });

  it('defaults the timestamp and the clock to now', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID });
    expect(Math.abs(Number(headers['webhook-timestamp']) - nowSeconds())).toBeLessThanOrEqual(1);
    await expect(verifyWebhook(BODY, headers, SECRET)).resolves.toEqual(EVENT);
  });
});

describe('cross-checked against the reference standardwebhooks package', () => {
  const body = JSON.stringify({ ...EVENT, data: { ...EVENT.data, reason: '停诊 — 张医生 ✓' } });

  it('ours signs, the reference verifies', async () => {
    const headers = await signWebhook(body, SECRET, { id: ID, timestamp: nowSeconds() });
    expect(new Webhook(SECRET).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('the reference signs, ours verifies', async () => {
    const timestamp = nowSeconds();
    const signature = new Webhook(SECRET).sign(ID, new Date(timestamp * 1000), body);
    const headers = { 'webhook-id': ID, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
    await expect(verifyWebhook(body, headers, SECRET)).resolves.toEqual(JSON.parse(body));
  });

  it('accepts secrets from generateWebhookSecret on both sides', async () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(generateWebhookSecret()).not.toBe(secret);
    const headers = await signWebhook(body, secret, { id: ID, timestamp: nowSeconds() });
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('produces the reference signature byte for byte for any body, id, timestamp and secret; any changed body byte fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.json(),
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (json, id, timestamp, key, position, flip) => {
          const secret = `whsec_${base64(key)}`;
          const headers = await signWebhook(json, secret, { id, timestamp });
          expect(headers['webhook-signature']).toBe(new Webhook(secret).sign(id, new Date(timestamp * 1000), json));
          await expect(verifyWebhook(json, headers, secret, at(timestamp))).resolves.toEqual(JSON.parse(json));

          const tampered = encode(json);
          const index = position % tampered.length;
          tampered[index] = (tampered[index] ?? 0) ^ flip;
          await expectCode(verifyWebhook(tampered, headers, secret, at(timestamp)), 'WEBHOOK_SIGNATURE_INVALID');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('secret rotation', () => {
  it('verifies when any one of several secrets matches', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    await expect(verifyWebhook(BODY, headers, [OTHER_SECRET, SECRET], at(TIMESTAMP))).resolves.toEqual(EVENT);
    await expect(verifyWebhook(BODY, headers, [SECRET, OTHER_SECRET], at(TIMESTAMP))).resolves.toEqual(EVENT);
  });

  it('signs with every secret given, so receivers holding either one accept the delivery', async () => {
    const headers = await signWebhook(BODY, [OTHER_SECRET, SECRET], { id: ID, timestamp: nowSeconds() });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [SECRET, OTHER_SECRET]) {
      await expect(verifyWebhook(BODY, headers, secret)).resolves.toEqual(EVENT);
      expect(new Webhook(secret).verify(BODY, { ...headers })).toEqual(EVENT);
    }
  });

  it('rejects a delivery signed with a secret it does not hold', async () => {
    const headers = await signWebhook(BODY, OTHER_SECRET, { id: ID, timestamp: TIMESTAMP });
    await expectCode(verifyWebhook(BODY, headers, SECRET, at(TIMESTAMP)), 'WEBHOOK_SIGNATURE_INVALID');
  });
});

describe('timestamp tolerance', () => {
  it('accepts exactly ±300 s and rejects ±301 s', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    await expect(verifyWebhook(BODY, headers, SECRET, at(TIMESTAMP + 300))).resolves.toEqual(EVENT);
    await expect(verifyWebhook(BODY, headers, SECRET, at(TIMESTAMP - 300))).resolves.toEqual(EVENT);
    await expectCode(verifyWebhook(BODY, headers, SECRET, at(TIMESTAMP + 301)), 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE');
    await expectCode(verifyWebhook(BODY, headers, SECRET, at(TIMESTAMP - 301)), 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('uses whole seconds of the injected clock', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    await expect(verifyWebhook(BODY, headers, SECRET, { now: () => (TIMESTAMP + 300) * 1000 + 999 })).resolves.toEqual(EVENT);
  });

  it('takes a custom tolerance', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    await expect(verifyWebhook(BODY, headers, SECRET, { ...at(TIMESTAMP + 10), toleranceSeconds: 10 })).resolves.toEqual(EVENT);
    await expectCode(verifyWebhook(BODY, headers, SECRET, { ...at(TIMESTAMP + 11), toleranceSeconds: 10 }), 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('rejects a timestamp that is not whole seconds', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    for (const timestamp of ['1.78e9', `${TIMESTAMP}.5`, `-${TIMESTAMP}`, 'soon']) {
      await expectCode(verifyWebhook(BODY, { ...headers, 'webhook-timestamp': timestamp }, SECRET, at(TIMESTAMP)), 'WEBHOOK_TIMESTAMP_INVALID');
    }
  });
});

describe('tampering', () => {
  it('rejects a changed body, id or timestamp', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    const tamperedBody = BODY.replace('apt_456', 'apt_457');
    await expectCode(verifyWebhook(tamperedBody, headers, SECRET, at(TIMESTAMP)), 'WEBHOOK_SIGNATURE_INVALID');
    await expectCode(verifyWebhook(BODY, { ...headers, 'webhook-id': `${ID}x` }, SECRET, at(TIMESTAMP)), 'WEBHOOK_SIGNATURE_INVALID');
    await expectCode(
      verifyWebhook(BODY, { ...headers, 'webhook-timestamp': String(TIMESTAMP + 1) }, SECRET, at(TIMESTAMP)),
      'WEBHOOK_SIGNATURE_INVALID',
    );
  });

  it('rejects a signature that is not base64 or has the wrong length', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    const valid = headers['webhook-signature'].slice(3);
    for (const signature of ['v1,!!!', 'v1,', 'v1', `v1,${valid.slice(0, 40)}`, `v1,${valid}AAAA`, '']) {
      const error = await rejection(verifyWebhook(BODY, { ...headers, 'webhook-signature': signature }, SECRET, at(TIMESTAMP)));
      expect(['WEBHOOK_SIGNATURE_INVALID', 'WEBHOOK_HEADERS_MISSING']).toContain(error.code);
    }
  });
});

describe('the webhook-signature header', () => {
  it('accepts a list of signatures when one v1 entry matches, skipping other versions and junk', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    const valid = headers['webhook-signature'];
    const listed = `v1a,${valid.slice(3)} v2,abc v1,${base64(new Uint8Array(32))} ${valid}`;
    await expect(verifyWebhook(BODY, { ...headers, 'webhook-signature': listed }, SECRET, at(TIMESTAMP))).resolves.toEqual(EVENT);
  });

  it('ignores a correct signature under an unknown version', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    const unknownVersion = headers['webhook-signature'].replace(/^v1,/, 'v1a,');
    await expectCode(verifyWebhook(BODY, { ...headers, 'webhook-signature': unknownVersion }, SECRET, at(TIMESTAMP)), 'WEBHOOK_SIGNATURE_INVALID');
  });
});

describe('missing headers', () => {
  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const)('rejects a delivery without %s (absent or empty)', async (name) => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    const { [name]: _dropped, ...rest } = headers;
    await expectCode(verifyWebhook(BODY, rest, SECRET, at(TIMESTAMP)), 'WEBHOOK_HEADERS_MISSING');
    await expectCode(verifyWebhook(BODY, { ...headers, [name]: '' }, SECRET, at(TIMESTAMP)), 'WEBHOOK_HEADERS_MISSING');
    await expectCode(verifyWebhook(BODY, { ...headers, [name]: undefined }, SECRET, at(TIMESTAMP)), 'WEBHOOK_HEADERS_MISSING');
  });
});

describe('bodies and headers in every shape a server hands over', () => {
  it('verifies the same bytes as a string or a Uint8Array, non-ASCII included', async () => {
    const body = JSON.stringify({ ...EVENT, data: { ...EVENT.data, reason: '患者取消' } });
    const headers = await signWebhook(encode(body), SECRET, { id: ID, timestamp: TIMESTAMP });
    expect(headers).toEqual(await signWebhook(body, SECRET, { id: ID, timestamp: TIMESTAMP }));
    await expect(verifyWebhook(body, headers, SECRET, at(TIMESTAMP))).resolves.toEqual(JSON.parse(body));
    await expect(verifyWebhook(encode(body), headers, SECRET, at(TIMESTAMP))).resolves.toEqual(JSON.parse(body));
  });

  it('reads a Headers object, appended signature headers included', async () => {
    const signed = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    const headers = new Headers({ 'Webhook-Id': ID, 'Webhook-Timestamp': signed['webhook-timestamp'], 'Content-Type': 'application/json' });
    headers.append('Webhook-Signature', 'v1,bm90IGl0');
    headers.append('Webhook-Signature', signed['webhook-signature']);
    await expect(verifyWebhook(BODY, headers, SECRET, at(TIMESTAMP))).resolves.toEqual(EVENT);
  });

  it('reads a plain record case-insensitively', async () => {
    const signed = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    const headers = { 'Webhook-ID': ID, 'WEBHOOK-TIMESTAMP': signed['webhook-timestamp'], 'webhook-Signature': signed['webhook-signature'] };
    await expect(verifyWebhook(BODY, headers, SECRET, at(TIMESTAMP))).resolves.toEqual(EVENT);
  });

  it("reads Node's IncomingHttpHeaders shape, string[] values included", async () => {
    const signed = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    const headers: { [name: string]: string | string[] | undefined } = {
      'content-type': 'application/json',
      'set-cookie': ['a=1', 'b=2'],
      'webhook-id': ID,
      'webhook-timestamp': [signed['webhook-timestamp']],
      'webhook-signature': ['v1,bm90IGl0', signed['webhook-signature']],
      'x-forwarded-for': undefined,
    };
    await expect(verifyWebhook(BODY, headers, SECRET, at(TIMESTAMP))).resolves.toEqual(EVENT);
  });

  it('rejects a Headers object or record without the webhook headers', async () => {
    const empty: WebhookHeaders[] = [new Headers(), {}];
    for (const headers of empty) await expectCode(verifyWebhook(BODY, headers, SECRET, at(TIMESTAMP)), 'WEBHOOK_HEADERS_MISSING');
  });
});

describe('secrets', () => {
  it('accepts a secret without the whsec_ prefix, as the reference does', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    await expect(verifyWebhook(BODY, headers, SECRET.slice('whsec_'.length), at(TIMESTAMP))).resolves.toEqual(EVENT);
  });

  it.each([['whsec_'], ['whsec_not base64!'], ['']])('refuses the malformed secret %j on both sides', async (secret) => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    await expectCode(verifyWebhook(BODY, headers, [SECRET, secret], at(TIMESTAMP)), 'WEBHOOK_SECRET_INVALID');
    await expectCode(signWebhook(BODY, secret, { id: ID }), 'WEBHOOK_SECRET_INVALID');
  });

  it('refuses a malformed secret before looking at the request', async () => {
    await expectCode(verifyWebhook(BODY, {}, 'whsec_', at(TIMESTAMP)), 'WEBHOOK_SECRET_INVALID');
  });

  it('refuses an empty list of secrets', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: ID, timestamp: TIMESTAMP });
    await expectCode(verifyWebhook(BODY, headers, [], at(TIMESTAMP)), 'WEBHOOK_SECRET_INVALID');
  });
});

describe('WebhookVerificationError', () => {
  it('is a CareloopError with a stable code', async () => {
    const error = await rejection(verifyWebhook(BODY, {}, SECRET));
    expect(error).toBeInstanceOf(CareloopError);
    expect(error.name).toBe('WebhookVerificationError');
    expect(error.code).toBe('WEBHOOK_HEADERS_MISSING');
  });

  it('reports an authentic body that is not JSON', async () => {
    const headers = await signWebhook('not json', SECRET, { id: ID, timestamp: TIMESTAMP });
    await expectCode(verifyWebhook('not json', headers, SECRET, at(TIMESTAMP)), 'WEBHOOK_PAYLOAD_INVALID');
  });
});

describe('size budget', () => {
  it('the verifier alone bundles for the browser to at most 2 kB gzip', async () => {
    const result = await build({
      stdin: { contents: "export { verifyWebhook } from '@careloop/core/webhooks';", resolveDir: new URL('.', import.meta.url).pathname },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['@careloop/source'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    const gzipped = await new Response(new Blob([new Uint8Array(code)]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
    console.log(`verifyWebhook alone: ${code.byteLength} bytes minified, ${gzipped.byteLength} bytes gzip`);
    expect(new TextDecoder().decode(code)).toContain('crypto.subtle.verify');
    expect(gzipped.byteLength).toBeLessThanOrEqual(2048);
  });
});
