/**
 * Standard Webhooks v1 (https://www.standardwebhooks.com): every delivery carries `webhook-id`,
 * `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256>` entries,
 * space-separated) over `${id}.${timestamp}.${body}`. WebCrypto only, so it runs in browsers,
 * edge runtimes and Node alike.
 */
import { CareloopError } from './errors.js';

/** Stable codes of {@link WebhookVerificationError}; branch on these, never on the message. */
export type WebhookVerificationErrorCode =
  | 'WEBHOOK_HEADERS_MISSING'
  | 'WEBHOOK_TIMESTAMP_INVALID'
  | 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE'
  | 'WEBHOOK_SIGNATURE_INVALID'
  | 'WEBHOOK_SECRET_INVALID'
  | 'WEBHOOK_PAYLOAD_INVALID';

/** Raised when a webhook delivery fails verification (or a secret is malformed): answer it with a 4xx and do not act on it. */
export class WebhookVerificationError extends CareloopError {
  override name = 'WebhookVerificationError';
  declare readonly code: WebhookVerificationErrorCode;

  constructor(code: WebhookVerificationErrorCode, message: string) {
    super(message, { code });
  }
}

/** Request headers as a `Headers` object or a plain record (Node's `req.headers` included); names are case-insensitive. */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

// A type alias, not an interface, so it passes as a `Record` (fetch's HeadersInit, verifyWebhook's headers).
/** The three headers a signed delivery carries. */
export type SignedWebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** How far `webhook-timestamp` may lie from now, either way, in seconds; 300 unless set. */
  toleranceSeconds?: number;
  /** The current time in milliseconds since the epoch (`Date.now` unless set); inject a fixed clock in tests. */
  now?: () => number;
}

/** Options of {@link signWebhook}. */
export interface SignWebhookOptions {
  /** The message id (`webhook-id`): unique per event, the same on every retry of it. */
  id: string;
  /** When this attempt is sent, in Unix seconds; now unless set. */
  timestamp?: number;
}

/** The body exactly as received: parsing and re-serializing JSON would change the bytes that were signed. */
export type WebhookBody = string | Uint8Array;

/**
 * Checks a delivery's signature and timestamp, then returns its JSON body as `Payload` (an audience SDK's `WebhookEvent`, say).
 * Several secrets may be given while one is being rotated: any one matching is enough.
 *
 * @param rawBody - The request body exactly as received (before any JSON parsing).
 * @param headers - The request headers.
 * @param secrets - The endpoint's signing secret(s), `whsec_<base64>`.
 * @throws {@link WebhookVerificationError} when the delivery is not authentic, is stale, or is not JSON.
 */
export async function verifyWebhook<Payload = unknown>(
  rawBody: WebhookBody,
  headers: WebhookHeaders,
  secrets: string | readonly string[],
  options: VerifyWebhookOptions = {},
): Promise<Payload> {
  // Secrets first: a misconfigured endpoint should fail on every request, not only on good ones.
  const keys = await importKeys(secrets, 'verify');
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signature = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signature) {
    throw new WebhookVerificationError('WEBHOOK_HEADERS_MISSING', 'Missing webhook-id, webhook-timestamp or webhook-signature header');
  }
  if (!/^\d+$/.test(timestamp)) {
    throw new WebhookVerificationError('WEBHOOK_TIMESTAMP_INVALID', 'webhook-timestamp is not a whole number of seconds');
  }
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) {
    throw new WebhookVerificationError('WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE', 'webhook-timestamp is too far from now (a replay?)');
  }
  const content = signedContent(id, timestamp, rawBody);
  // Entries of other versions (`v1a,…`) are skipped, as the standard asks.
  const candidates = signature.split(' ').flatMap((entry) => {
    const [version, value] = entry.split(',');
    const bytes = version === 'v1' && value ? fromBase64(value) : undefined;
    return bytes ? [bytes] : [];
  });
  for (const key of keys) {
    for (const candidate of candidates) {
      // subtle.verify compares in constant time, unlike comparing the encoded strings.
      if (await crypto.subtle.verify('HMAC', key, candidate, content)) return parseJson<Payload>(rawBody);
    }
  }
  throw new WebhookVerificationError('WEBHOOK_SIGNATURE_INVALID', 'No webhook-signature entry matches the body and secret(s)');
}

/**
 * Signs a delivery: the headers to send with `rawBody`. With several secrets (during a rotation)
 * the signature header lists one `v1,…` entry per secret.
 *
 * @throws {@link WebhookVerificationError} `WEBHOOK_SECRET_INVALID` when a secret is not `whsec_<base64>`.
 */
export async function signWebhook(rawBody: WebhookBody, secrets: string | readonly string[], options: SignWebhookOptions): Promise<SignedWebhookHeaders> {
  const timestamp = String(Math.floor(options.timestamp ?? Date.now() / 1000));
  const content = signedContent(options.id, timestamp, rawBody);
  const keys = await importKeys(secrets, 'sign');
  const signatures = await Promise.all(keys.map(async (key) => `v1,${toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, content)))}`));
  return { 'webhook-id': options.id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}

/** A new random signing secret, `whsec_` + base64 of 32 bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${toBase64(crypto.getRandomValues(new Uint8Array(32)))}`;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  const value = isHeaders(headers) ? headers.get(name) : Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  // Node hands repeated headers over as string[]; their entries are space-separated like one header's.
  return typeof value === 'string' || value == null ? (value ?? undefined) : value.join(' ');
}

// Duck-typed rather than `instanceof Headers`: polyfills and other realms have their own class.
function isHeaders(headers: WebhookHeaders): headers is Headers {
  return typeof headers.get === 'function';
}

async function importKeys(secrets: string | readonly string[], usage: KeyUsage): Promise<CryptoKey[]> {
  const keys: Promise<CryptoKey>[] = [];
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    const bytes = fromBase64(secret.startsWith('whsec_') ? secret.slice(6) : secret);
    if (!bytes?.length) throw new WebhookVerificationError('WEBHOOK_SECRET_INVALID', 'A webhook secret must be whsec_ followed by non-empty base64');
    keys.push(crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, [usage]));
  }
  if (keys.length === 0) throw new WebhookVerificationError('WEBHOOK_SECRET_INVALID', 'No webhook secret given');
  return Promise.all(keys);
}

function signedContent(id: string, timestamp: string, body: WebhookBody): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const content = new Uint8Array(prefix.length + bytes.length);
  content.set(prefix);
  content.set(bytes, prefix.length);
  return content;
}

function parseJson<Payload>(body: WebhookBody): Payload {
  try {
    return JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body)) as Payload;
  } catch (cause) {
    throw new WebhookVerificationError('WEBHOOK_PAYLOAD_INVALID', `The signed body is not JSON: ${String(cause)}`);
  }
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}
