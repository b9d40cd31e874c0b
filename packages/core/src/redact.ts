import { PII_FIELDS } from './generated/pii.js';

/** What replaces a redacted value in logs. */
export const REDACTED = '[REDACTED]';

// Credentials, whatever the spec calls them: headers and body or form fields.
const SECRET_NAMES = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'password',
  'secret',
  'token',
  'webhook-secret',
]);

const piiNames = new Set(Object.keys(PII_FIELDS).map((name) => name.toLowerCase()));

/** Whether a header, query, form or JSON field of this name is redacted from logs. */
export function isSensitiveName(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_NAMES.has(lower) || piiNames.has(lower);
}

// Values that are personal data wherever they appear, even in free text or under an unexpected name:
// resident ID numbers (18 characters), mainland mobile numbers (with or without +86), bearer tokens
// and Standard Webhooks secrets.
const SENSITIVE_VALUES =
  /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])|(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)|\bBearer\s+[^\s",;]+|\bwhsec_[A-Za-z0-9+/=]+/g;

/** Replaces every resident ID number, mobile number, bearer token and webhook secret in a text. */
export function redactText(text: string): string {
  return text.replace(SENSITIVE_VALUES, REDACTED);
}

/** Headers for a log line: credentials and personal data replaced. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = isSensitiveName(name) ? REDACTED : redactText(value);
  });
  return out;
}

/** A URL for a log line: sensitive query parameters replaced, and sensitive values anywhere in it. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return redactText(url);
  return redactText(url.slice(0, query + 1) + redactForm(url.slice(query + 1)));
}

/** A request or response body for a log line: JSON and form fields by name, then sensitive values anywhere. */
export function redactBody(body: string, contentType: string | null): string {
  if (contentType?.includes('application/x-www-form-urlencoded')) return redactText(redactForm(body));
  if (contentType?.includes('json')) {
    try {
      return redactText(JSON.stringify(redactJson(JSON.parse(body))));
    } catch {
      // Not JSON after all: fall through to the text rules.
    }
  }
  return redactText(body);
}

function redactForm(form: string): string {
  const params = new URLSearchParams(form);
  for (const name of new Set(params.keys())) if (isSensitiveName(name)) params.set(name, REDACTED);
  return params.toString();
}

function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) out[name] = isSensitiveName(name) ? REDACTED : redactJson(field);
  return out;
}
