/**
 * Calls to a webhook receiver: the real network through `runtime.outboundFetch`, with a real-time
 * limit, or the sandbox's simulated receiver for the reserved example names (RFC 2606 / 6761), so
 * documented examples work offline and deterministically.
 */
import type { PlatformRuntime } from '../../services.js';

export type ReceiverAnswer =
  | { kind: 'answered'; status: number; text: string; latencyMs: number }
  | { kind: 'timeout'; latencyMs: number }
  | { kind: 'unreachable'; message: string; latencyMs: number };

/** `simulated`: example.com/.net/.org, `.example`, `.test` (always accepts); `unreachable`: `.invalid`; else the network. */
export function receiverKind(url: string): 'simulated' | 'unreachable' | 'network' {
  const host = new URL(url).hostname.toLowerCase();
  if (host === 'invalid' || host.endsWith('.invalid')) return 'unreachable';
  const simulated = /(^|\.)example\.(com|net|org)$/.test(host) || /(^|\.)(example|test)$/.test(host);
  return simulated ? 'simulated' : 'network';
}

/** The simulated receiver: echoes a challenge and accepts anything else, in no time. */
function simulatedAnswer(body: string): ReceiverAnswer {
  const parsed = JSON.parse(body) as { type?: unknown; challenge?: unknown };
  const text = parsed.type === 'webhook_endpoint.challenge' ? JSON.stringify({ challenge: parsed.challenge }) : '';
  return { kind: 'answered', status: 200, text, latencyMs: 0 };
}

/** POSTs `body` with `headers`; never throws. */
export async function callReceiver(
  runtime: PlatformRuntime,
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<ReceiverAnswer> {
  const kind = receiverKind(url);
  if (kind === 'simulated') return simulatedAnswer(body);
  if (kind === 'unreachable') return { kind: 'unreachable', message: 'connection refused (.invalid hosts never resolve)', latencyMs: 0 };
  const started = runtime.realNow();
  const elapsed = () => Math.max(0, Math.round(runtime.realNow() - started));
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // An injected fetch may ignore the signal: the race ends the wait either way.
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    const request = new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Careloop-Webhooks/1', ...headers },
      body,
      signal: controller.signal,
    });
    const outcome = await Promise.race([
      runtime.outboundFetch(request).then(async (response) => ({ status: response.status, text: await response.text() })),
      timeout,
    ]);
    if (outcome === 'timeout') return { kind: 'timeout', latencyMs: elapsed() };
    return { kind: 'answered', status: outcome.status, text: outcome.text, latencyMs: elapsed() };
  } catch (error) {
    if (controller.signal.aborted) return { kind: 'timeout', latencyMs: elapsed() };
    return { kind: 'unreachable', message: networkMessage(error), latencyMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}

function networkMessage(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (typeof cause?.code === 'string') return `network error ${cause.code}`;
  return `network error: ${error instanceof Error ? error.message : String(error)}`;
}
