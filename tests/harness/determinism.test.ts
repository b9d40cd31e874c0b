import { describe, expect, it } from 'vitest';
import { BASE_URL, freshPlatform, identities, operations, send, toRequest, workingCalls } from './spec.js';

// Determinism: one seeded scenario — every operation's documented example, by its working caller,
// in spec order on ONE platform, with the clock moving between steps, then every caller's event
// feed — run twice on fresh platforms gives byte-identical responses (status, request id, body).
const steps = (
  await Promise.all(operations.map(async (op) => (await workingCalls(op)).flatMap(({ call }) => (call ? [{ op, call }] : []))))
).flat();

async function scenario(): Promise<string[]> {
  const platform = freshPlatform();
  const tokens = new Map<string, string>();
  const transcript: string[] = [];
  for (const { op, call } of steps) {
    let bearer: string | undefined;
    if (call.identity) {
      bearer = tokens.get(call.identity.label) ?? (await call.identity.login(platform));
      tokens.set(call.identity.label, bearer);
    }
    const answer = await send(platform, toRequest(op, call.parts, bearer));
    transcript.push(`${op.operationId} ${answer.status} ${answer.headers.get('x-request-id')} ${answer.text}`);
    platform.clock.advance(90_000);
  }
  for (const identity of identities()) {
    const bearer = tokens.get(identity.label) ?? (await identity.login(platform));
    const feed = await platform.handle(new Request(`${BASE_URL}/v1/events?limit=100`, { headers: { authorization: `Bearer ${bearer}` } }));
    transcript.push(`events ${identity.label} ${await feed.text()}`);
  }
  transcript.push(`digest ${platform.digest()}`);
  return transcript;
}

describe('determinism', () => {
  it('the same seeded scenario twice gives byte-identical responses and event feeds', async () => {
    const first = await scenario();
    const second = await scenario();
    expect(steps.length).toBeGreaterThanOrEqual(operations.length);
    expect(first.some((line) => line.startsWith('events ') && line.includes('"type":"appointment.'))).toBe(true);
    expect(second).toEqual(first);
  });
});
