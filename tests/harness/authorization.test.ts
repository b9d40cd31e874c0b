import { describe, expect, it } from 'vitest';
import {
  freshPlatform,
  identities,
  operations,
  permits,
  requiredScopes,
  send,
  toRequest,
  workingCalls,
  type Answer,
  type Identity,
  type SpecOperation,
} from './spec.js';

// Authorization matrix: every operation × (no token, a malformed token, an expired token, a token
// missing the operation's scope, one identity of every audience, another tenant of the working
// caller's audience). The expected answer comes from the spec: `security` (401 / 403),
// `x-tenancy` (404 for another tenant's resource where it says `own`) and the documented success.
const TOKEN_LIFETIME_MS = 7200 * 1000;
const everyone = identities();
const audiences = [...new Set(everyone.map((identity) => identity.audience))];
// Two tenants of every audience: the first identity and the next one.
const callers = audiences.flatMap((audience) => everyone.filter((identity) => identity.audience === audience).slice(0, 2));

interface Case {
  name: string;
  run: () => Promise<Answer>;
  expect: (answer: Answer) => void;
}

const code = (answer: Answer) => answer.body?.['code'];
/**
 * Whether the identity is a party of the resource: one of the properties naming its kind's parties
 * names it — a property may name one party or list several (a consultation's experts) — or none is present.
 */
const partyOf = (op: SpecOperation, item: Record<string, unknown>, identity: Identity): boolean | undefined => {
  const present = op.tenantFields[identity.kind].filter((field) => item[field] !== undefined && item[field] !== null);
  const names = (value: unknown) => (Array.isArray(value) ? value.includes(identity.tenant) : value === identity.tenant);
  return present.length === 0 ? undefined : present.some((field) => names(item[field]));
};
const ownedBy = (op: SpecOperation, item: Record<string, unknown>, identity: Identity) => partyOf(op, item, identity) ?? true;

async function casesFor(op: SpecOperation): Promise<Case[]> {
  const [working] = await workingCalls(op);
  const call = working?.call;
  if (!call) throw new Error(`${op.operationId}: no working example call (see the contract suite)`);
  const parts = call.parts;
  const asIdentity = async (identity: Identity, scope?: string, afterLogin?: (p: ReturnType<typeof freshPlatform>) => void) => {
    const platform = freshPlatform();
    const bearer = await identity.login(platform, scope);
    afterLogin?.(platform);
    return send(platform, toRequest(op, parts, bearer));
  };

  if (op.security.length === 0) {
    return [
      { name: 'no token', run: () => send(freshPlatform(), toRequest(op, parts)), expect: (a) => expect(a.status).toBe(op.successStatus) },
    ];
  }
  const owner = call.identity as Identity;
  const hasPathResource = op.parameters.some((p) => p.in === 'path');
  const cases: Case[] = [
    {
      name: 'no token',
      run: () => send(freshPlatform(), toRequest(op, parts)),
      expect: (a) => expect([a.status, code(a)]).toEqual([401, 'UNAUTHENTICATED']),
    },
    {
      name: 'malformed token',
      run: () => send(freshPlatform(), toRequest(op, parts, 'not-a-token')),
      expect: (a) => expect([a.status, code(a)]).toEqual([401, 'UNAUTHENTICATED']),
    },
    {
      name: `expired token (${owner.label})`,
      run: () => asIdentity(owner, undefined, (platform) => platform.clock.advance(TOKEN_LIFETIME_MS + 1000)),
      expect: (a) => expect([a.status, code(a)]).toEqual([401, 'TOKEN_EXPIRED']),
    },
  ];
  const needed = requiredScopes(op, owner);
  const narrower = owner.scopes.filter((scope) => !needed.includes(scope));
  cases.push({
    name: `token without ${needed.join(' ')} (${owner.label})`,
    run: () => asIdentity(owner, narrower.join(' ')),
    expect: (a) => expect([a.status, code(a)]).toEqual([403, 'INSUFFICIENT_SCOPE']),
  });

  // Who owns the resource the example touches: the fields of the owner's successful answer.
  const resource = call.answer.body ?? {};
  const isOwner = (identity: Identity) => identity.kind === owner.kind && identity.tenant === owner.tenant;
  // Being a party of what a create makes (the expert a consultation invites) is no right to make it.
  const creates = op.method === 'POST' && !hasPathResource;
  const owns = (identity: Identity): boolean => (creates ? isOwner(identity) : (partyOf(op, resource, identity) ?? isOwner(identity)));
  for (const identity of callers) {
    const label = `${identity.label}${owns(identity) ? ' (owner)' : ''}`;
    if (!permits(op, identity)) {
      cases.push({ name: label, run: () => asIdentity(identity), expect: (a) => expect([a.status, code(a)]).toEqual([403, 'INSUFFICIENT_SCOPE']) });
      continue;
    }
    const tenancy = op.tenancy[identity.kind];
    cases.push({
      name: label,
      run: () => asIdentity(identity),
      expect: (a) => {
        expect(tenancy, `${op.operationId} lacks x-tenancy for ${identity.kind}`).toBeDefined();
        // A refusal for want of the patient's consent is the one 403 a permitted caller can get.
        if (!(tenancy === 'consent' && a.status === 403 && code(a) === 'CONSENT_REQUIRED')) expect([401, 403]).not.toContain(a.status);
        if (owns(identity)) {
          expect(a.status).toBe(op.successStatus);
        } else if (tenancy === 'own' && hasPathResource) {
          expect([a.status, code(a)]).toEqual([404, 'NOT_FOUND']);
        } else if (tenancy === 'consent' && hasPathResource) {
          // Another institution: readable only with the patient's consent for the purpose.
          expect(a.status === op.successStatus || (a.status === 403 && code(a) === 'CONSENT_REQUIRED')).toBe(true);
        } else if (tenancy === 'any') {
          expect(a.status).not.toBe(404);
        }
        // A list never leaks another tenant's items where the spec says `own`.
        const data = a.body?.['data'];
        if (tenancy === 'own' && a.status < 300 && Array.isArray(data)) {
          for (const item of data as Record<string, unknown>[]) expect(ownedBy(op, item, identity), JSON.stringify(item)).toBe(true);
        }
      },
    });
  }
  return cases;
}

const matrix = await Promise.all(operations.map(async (op) => [op.operationId, await casesFor(op)] as const));

describe('authorization matrix', () => {
  it('spans every operation', () => {
    const size = matrix.reduce((sum, [, cases]) => sum + cases.length, 0);
    console.log(`authorization matrix: ${matrix.length} operations × callers = ${size} cases`);
    expect(matrix.length).toBe(operations.length);
  });

  describe.each(matrix)('%s', (_, cases) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      c.expect(await c.run());
    });
  });
});
