import { describe, expect, it } from 'vitest';
import {
  deref,
  freshPlatform,
  identities,
  operations,
  send,
  toRequest,
  workingCalls,
  type Identity,
  type RequestParts,
  type SpecOperation,
} from './spec.js';

// Idempotency, for every POST that takes an Idempotency-Key (PLATFORM.md conventions): a replay is
// the stored response, flagged, with no second side effect; the same key with another request is
// 422 IDEMPOTENCY_KEY_REUSED; two concurrent sends execute once; keys are scoped per caller.
const idempotent = operations.filter((op) => op.idempotent);

type Json = Record<string, unknown>;

/** Another valid request: a different body (one field changed within its schema) or another path id. */
function variant(op: SpecOperation, parts: RequestParts): RequestParts {
  if (op.body && parts.body !== undefined) {
    const body = structuredClone(parts.body) as Json;
    const schema = deref<Json>(op.body.schema);
    for (const [name, raw] of Object.entries((schema['properties'] ?? {}) as Record<string, unknown>)) {
      const property = deref<Json>(raw);
      const value = body[name];
      if (Array.isArray(property['enum']) && property['enum'].length > 1) {
        body[name] = (property['enum'] as unknown[]).find((option) => option !== value);
        return { ...parts, body };
      }
      if (property['type'] === 'string' && typeof value === 'string' && !property['pattern'] && !property['format']) {
        body[name] = `${value.slice(0, Math.max(0, ((property['maxLength'] as number | undefined) ?? 1000) - 2))}-2`;
        return { ...parts, body };
      }
      if (property['type'] === 'integer' && typeof value === 'number') {
        const max = (property['maximum'] as number | undefined) ?? Number.MAX_SAFE_INTEGER;
        body[name] = value + 1 <= max ? value + 1 : value - 1;
        return { ...parts, body };
      }
    }
  }
  const [name, value] = Object.entries(parts.path)[0] ?? [];
  if (name === undefined) throw new Error(`${op.operationId}: no way to vary the request`);
  return { ...parts, path: { ...parts.path, [name]: `${value}x` } };
}

const withKey = (parts: RequestParts, key: string): RequestParts => ({ ...parts, headers: { ...parts.headers, 'Idempotency-Key': key } });

async function setup(op: SpecOperation) {
  const [working] = await workingCalls(op);
  if (!working?.call?.identity) throw new Error(`${op.operationId}: no working example call`);
  const platform = freshPlatform();
  const owner = working.call.identity;
  return { platform, owner, parts: working.parts, bearer: await owner.login(platform) };
}

describe('idempotency', () => {
  it('applies to every state-changing POST of the spec', () => {
    console.log(`idempotency: ${idempotent.length} operations take an Idempotency-Key`);
    expect(idempotent.length).toBeGreaterThan(0);
    for (const op of operations.filter((o) => o.method === 'POST' && o.security.length > 0)) expect(op.idempotent, op.operationId).toBe(true);
  });

  describe.each(idempotent.map((op) => [op.operationId, op] as const))('%s', (_, op) => {
    it('replays the stored response with Idempotent-Replayed and no second side effect', async () => {
      const { platform, parts, bearer } = await setup(op);
      const first = await send(platform, toRequest(op, withKey(parts, 'key-1'), bearer));
      expect(first.status).toBe(op.successStatus);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const after = platform.digest();
      const replay = await send(platform, toRequest(op, withKey(parts, 'key-1'), bearer));
      expect(replay.status).toBe(first.status);
      expect(replay.text).toBe(first.text);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(platform.digest()).toBe(after);
    });

    it('answers 422 IDEMPOTENCY_KEY_REUSED to the same key with another request, changing nothing', async () => {
      const { platform, parts, bearer } = await setup(op);
      await send(platform, toRequest(op, withKey(parts, 'key-2'), bearer));
      const before = platform.digest();
      const reused = await send(platform, toRequest(op, withKey(variant(op, parts), 'key-2'), bearer));
      expect([reused.status, reused.body?.['code']]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect(platform.digest()).toBe(before);
    });

    it('executes concurrent sends of one key once (the other is a replay or 409 IDEMPOTENCY_IN_PROGRESS)', async () => {
      const { platform, parts, bearer } = await setup(op);
      const once = await setup(op);
      await send(once.platform, toRequest(op, withKey(once.parts, 'key-3'), once.bearer));

      const answers = await Promise.all([1, 2].map(() => send(platform, toRequest(op, withKey(parts, 'key-3'), bearer))));
      const executed = answers.filter((a) => a.status === op.successStatus && a.headers.get('idempotent-replayed') === null);
      expect(executed).toHaveLength(1);
      const other = answers.find((a) => a !== executed[0]);
      const replayed = other?.headers.get('idempotent-replayed') === 'true' && other.text === executed[0]?.text;
      const inProgress = other?.status === 409 && other.body?.['code'] === 'IDEMPOTENCY_IN_PROGRESS';
      expect(replayed || inProgress).toBe(true);
      expect(platform.digest()).toBe(once.platform.digest());
    });

    it('scopes keys per caller: another caller with the same key is not replayed', async () => {
      const { platform, owner, parts, bearer } = await setup(op);
      await send(platform, toRequest(op, withKey(parts, 'key-4'), bearer));
      // Another tenant of the same audience where the sandbox has one (the manufacturer is alone: then any other caller of its kind).
      const everyone = identities();
      const other =
        everyone.find((i: Identity) => i.audience === owner.audience && i.tenant !== owner.tenant) ??
        everyone.find((i: Identity) => i.kind === owner.kind && i.tenant !== owner.tenant);
      if (!other) throw new Error(`no other ${owner.kind} caller in the sandbox`);
      const answer = await send(platform, toRequest(op, withKey(parts, 'key-4'), await other.login(platform)));
      expect(answer.headers.get('idempotent-replayed')).toBeNull();
      // The other caller's request runs on its own: it may succeed or be refused on its merits, never as a reused key.
      expect(answer.body?.['code']).not.toBe('IDEMPOTENCY_KEY_REUSED');
    });
  });
});
