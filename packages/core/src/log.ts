import { redactBody, redactHeaders, redactUrl } from './redact.js';

/** From most to least verbose; `off` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

/**
 * Where the SDK writes its log lines; `console` fits. Each line is a message and a fields object
 * that is already redacted: tokens, cookies, secrets and every field the spec marks `x-pii`
 * (names, resident ID numbers, mobile numbers, addresses, …) never reach the logger.
 */
export interface Logger {
  debug(message: string, fields: Record<string, unknown>): void;
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

/** One attempt as it goes out, redacted. */
export interface RequestEvent {
  operationId: string | undefined;
  method: string;
  /** The URL with sensitive query values replaced. */
  url: string;
  /** 0 for the first attempt. */
  attempt: number;
  /** Request headers, credentials and personal data replaced. */
  headers: Record<string, string>;
}

/** One attempt as it ended, redacted: with a status when an answer arrived, with `errorCode` when not. */
export interface ResponseEvent extends Omit<RequestEvent, 'headers'> {
  status: number | undefined;
  requestId: string | undefined;
  durationMs: number;
  /** `CONNECTION_ERROR`, `TIMEOUT` or `ABORTED` when no answer arrived. */
  errorCode: string | undefined;
}

/** A failed attempt about to be sent again, redacted. */
export interface RetryEvent extends Omit<RequestEvent, 'headers'> {
  maxRetries: number;
  /** How long the SDK waits first: backoff, or the answer's Retry-After. */
  delayMs: number;
  /** The failed attempt's status; undefined when no answer arrived. */
  status: number | undefined;
  /** The failed attempt's code (`CONNECTION_ERROR`, `TIMEOUT`, or the problem's code when known). */
  code: string | undefined;
}

/** Called for every attempt, retries and 401 re-sends included, with redacted events. They must not throw. */
export interface ObservabilityHooks {
  onRequest?: ((event: RequestEvent) => void) | undefined;
  onResponse?: ((event: ResponseEvent) => void) | undefined;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions extends ObservabilityHooks {
  /** Default `info`: one line per attempt, a warning per retry. `debug` adds redacted headers and bodies. */
  level?: LogLevel | undefined;
}

/**
 * What the client's `logger` option takes: made by {@link createLogger}, which redacts everything it
 * hands on. (Kept out of the client itself so that apps that don't log bundle no redaction code.)
 */
export interface CareloopLogger {
  /** @internal The pipeline's call for each Request sent; `event.url` is not redacted yet. */
  request(event: Omit<RequestEvent, 'headers'>, request: Request, body: string | ArrayBuffer | undefined): void;
  /** @internal The pipeline's call when that Request ended; the logger owns `event` (it redacts `url` in place). */
  response(event: ResponseEvent, request: Request, response: Response | undefined, body: string | ArrayBuffer | undefined): void;
  /** @internal The pipeline's call before it waits to send again; the logger owns `event` (it redacts `url` in place). */
  retry(event: RetryEvent): void;
}

const LEVELS: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

/**
 * Logs every attempt to `sink` (e.g. `console`) and calls the hooks, always redacted: tokens, cookies,
 * secrets, and every field the spec marks `x-pii` never reach them.
 *
 * @example
 * ```ts
 * const careloop = createHospitalClient({ auth, logger: createLogger(console, { level: 'info' }) });
 * ```
 */
export function createLogger(sink?: Logger, { level: levelName = 'info', onRequest, onResponse }: LoggerOptions = {}): CareloopLogger {
  const level = sink ? LEVELS[levelName] : LEVELS.off;
  const debug = level === LEVELS.debug;
  return {
    request(event, request, body) {
      if (!debug && !onRequest) return;
      const full: RequestEvent = { ...event, url: redactUrl(event.url), headers: redactHeaders(request.headers) };
      onRequest?.(full);
      if (debug) {
        const text = typeof body === 'string' ? body : body && decode(body);
        const fields: Record<string, unknown> = { ...full };
        if (text) fields['body'] = redactBody(text, request.headers.get('content-type'));
        sink?.debug(`careloop → ${full.method} ${full.url}`, fields);
      }
    },
    response(event, _request, response, body) {
      if (level > LEVELS.error && !onResponse) return;
      event.url = redactUrl(event.url);
      onResponse?.(event);
      const line = `careloop ← ${event.method} ${event.url} ${event.status ?? event.errorCode} ${event.durationMs} ms`;
      if (event.status === undefined) {
        if (level <= LEVELS.error) sink?.error(line, event as unknown as Record<string, unknown>);
      } else if (debug) {
        const fields: Record<string, unknown> = { ...event, headers: response && redactHeaders(response.headers) };
        const text = typeof body === 'string' ? body : body && decode(body);
        if (text) fields['body'] = redactBody(text, response?.headers.get('content-type') ?? null);
        sink?.debug(line, fields);
      } else if (level <= LEVELS.info) {
        sink?.info(line, event as unknown as Record<string, unknown>);
      }
    },
    retry(event) {
      if (level > LEVELS.warn) return;
      event.url = redactUrl(event.url);
      sink?.warn(
        `careloop ↻ ${event.method} ${event.url} in ${event.delayMs} ms (retry ${event.attempt + 1} of ${event.maxRetries})`,
        event as unknown as Record<string, unknown>,
      );
    },
  };
}

function decode(body: ArrayBuffer): string {
  return new TextDecoder().decode(body);
}
