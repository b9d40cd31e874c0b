import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { MockPlatform } from '@careloop/mocks';
import { invalidValues, validValue } from './fuzz-arbitraries.js';
import { operationModel, type BaseCall, type FuzzCase, type OperationModel } from './fuzz-cases.js';
import { conforms } from './fuzz-oracle.js';
import { FuzzStats, OperationFuzzer, type FuzzTarget } from './fuzz-property.js';
import { freshPlatform, operations, workingCalls, type SpecOperation } from './spec.js';

// Fuzz: for every operation, FUZZ_RUNS (default 100) generated requests per run — valid ones and
// deliberately invalid ones (every field of every body, query, path and header parameter broken
// by each keyword its schema has; malformed JSON; wrong content type; unknown parameters; huge
// page sizes; hostile ids) — all derived from the spec. Properties: no 5xx; every answer is
// documented and validates; refusals are problem+json with a documented code and change no state;
// an invalid request is refused 400/422 naming the bad field. Fixed seed; FUZZ_SEED overrides it.

function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${raw}`);
  return value;
}

const RUNS = Math.max(1, envInteger('FUZZ_RUNS', 100));
const SEED = envInteger('FUZZ_SEED', 20260601);
const stats = new FuzzStats();
/** Operations whose property held, and every mutation label the spec gives rise to. */
const passed = new Set<string>();
const available = new Set<string>();

/** Each operation gets its own seed, derived from FUZZ_SEED and its operationId. */
function seedOf(op: SpecOperation): number {
  let hash = SEED | 0;
  for (const ch of op.operationId) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  return hash;
}

async function modelOf(op: SpecOperation): Promise<OperationModel> {
  const calls: BaseCall[] = (await workingCalls(op)).flatMap(({ call }) => (call ? [{ identity: call.identity, parts: call.parts }] : []));
  if (calls.length === 0) throw new Error(`${op.operationId}: no sandbox caller makes the documented example succeed (see the contract suite)`);
  return operationModel(op, calls);
}

async function runProperty(model: OperationModel, target: FuzzTarget, parameters: fc.Parameters<[FuzzCase]>, into = stats): Promise<fc.RunDetails<[FuzzCase]>> {
  const fuzzer = new OperationFuzzer(model, target, into);
  await fuzzer.start();
  return fc.check(
    fc.asyncProperty(model.arbitrary, (c) => fuzzer.check(c)),
    parameters,
  );
}

describe(`fuzz: ${RUNS} generated requests per operation (FUZZ_SEED=${SEED})`, () => {
  it('generators agree with the schema oracle (valid values conform, invalid values do not)', () => {
    let checked = 0;
    for (const op of operations) {
      const schemas: { where: string; schema: unknown; carrier: 'json' | 'text' | 'query' }[] = op.parameters.map((p) => ({
        where: `${p.in} ${p.name}`,
        schema: p.schema,
        carrier: p.in === 'query' ? 'query' : 'text',
      }));
      if (op.body) schemas.push({ where: 'body', schema: op.body.schema, carrier: op.body.mediaType === 'application/json' ? 'json' : 'text' });
      for (const { where, schema, carrier } of schemas) {
        for (const full of [false, true]) {
          for (const value of fc.sample(validValue(schema, { full }), { seed: SEED, numRuns: 30 })) {
            expect(conforms(schema, value), `${op.operationId} ${where}: generated ${JSON.stringify(value)}`).toBe(true);
            checked += 1;
          }
        }
        for (const { kind, arb } of invalidValues(schema, carrier)) {
          // Query wrong-type values are texts the platform cannot coerce; the rest must fail as sent.
          if (carrier === 'query' && kind === 'wrong-type') continue;
          for (const value of fc.sample(arb, { seed: SEED, numRuns: 10 })) {
            expect(conforms(schema, value), `${op.operationId} ${where} ${kind}: ${JSON.stringify(value)}`).toBe(false);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('reset() restores the seeded world (the digest of a fresh platform)', async () => {
    const fresh = freshPlatform().digest();
    const platform = freshPlatform();
    platform.clock.advance(60_000);
    expect(platform.digest()).not.toBe(fresh);
    platform.reset();
    expect(platform.digest()).toBe(fresh);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))(
    '%s',
    async (_, op) => {
      const model = await modelOf(op);
      for (const label of model.labels) available.add(label);
      const platform = freshPlatform();
      const details = await runProperty(model, { platform, handle: (request) => platform.handle(request) }, { seed: seedOf(op), numRuns: RUNS });
      if (details.failed) {
        const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        throw new Error(`[FUZZ_SEED=${SEED}, runs=${RUNS}, operation seed ${seedOf(op)}] ${fc.defaultReportMessage(details) ?? 'failed'}\n\n${error}`);
      }
      expect(stats.perOperation.get(op.operationId) ?? 0).toBeGreaterThanOrEqual(RUNS);
      passed.add(op.operationId);
    },
    Math.max(30_000, RUNS * 400),
  );

  it('the spec gives rise to every kind of invalid request, and each passing operation ran ≥ FUZZ_RUNS requests', () => {
    for (const op of operations) {
      if (passed.has(op.operationId)) expect(stats.perOperation.get(op.operationId) ?? 0, op.operationId).toBeGreaterThanOrEqual(RUNS);
    }
    const all = [...available].join('\n');
    // With every operation passing and the default runs, each kind was also actually sent.
    const sent = passed.size === operations.length && RUNS >= 100 ? [...stats.labels.keys()].join('\n') : all;
    for (const kind of [
      'wrong-type',
      'missing',
      'below-minimum',
      'above-maximum',
      'too-short',
      'too-long',
      'not-in-enum',
      'pattern-mismatch',
      'bad-format',
      'too-few-items',
      'too-many-items',
      'unknown-property',
      'unknown-parameter',
      'huge-page-size',
      'malformed-json',
      'wrong-content-type',
      'body missing',
      'hostile-id',
      'hostile-raw-segment',
      'media-type-spelling',
    ]) {
      if (kind !== 'media-type-spelling') expect(all, `the spec gives rise to no case of kind ${kind}`).toContain(kind);
      expect(sent, `no case of kind ${kind} was sent`).toContain(kind);
    }
  });
});

// ── The property can fail: run it against deliberately broken platforms ──────────────────────

type Fault = { name: string; expected: RegExp; wrap: (platform: MockPlatform) => (request: Request) => Promise<Response> };

async function rewrite(response: Response, change: (status: number, body: Record<string, unknown>) => { status: number; body: unknown } | undefined): Promise<Response> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const changed = typeof body === 'object' && body !== null ? change(response.status, body as Record<string, unknown>) : undefined;
  if (!changed) return new Response(text, { status: response.status, headers: response.headers });
  return new Response(JSON.stringify(changed.body), { status: changed.status, headers: response.headers });
}

const faults: Fault[] = [
  {
    name: 'turns a 400 into a 500',
    expected: /answered 500/,
    wrap: (platform) => async (request) => rewrite(await platform.handle(request), (status, body) => (status === 400 ? { status: 500, body: { ...body, status: 500 } } : undefined)),
  },
  {
    name: 'drops errors[] from a validation failure',
    expected: /does not name|no errors\[\]/,
    wrap: (platform) => async (request) =>
      rewrite(await platform.handle(request), (status, body) => {
        if (status !== 400 || !('errors' in body)) return undefined;
        const { errors: _dropped, ...rest } = body;
        return { status, body: rest };
      }),
  },
  {
    name: 'changes state while refusing a request',
    expected: /changed the state/,
    wrap: (platform) => async (request) => {
      const response = await platform.handle(request);
      if (response.status >= 400) platform.clock.advance(1000);
      return response;
    },
  },
  {
    name: 'accepts an invalid request',
    expected: /answered 200, not 400|not a 4xx|not 404/,
    wrap: (platform) => async (request) => rewrite(await platform.handle(request), (status, body) => (status === 400 || status === 404 ? { status: 200, body } : undefined)),
  },
  {
    name: 'answers a success with a body that does not match the spec',
    expected: /does not conform to the spec/,
    wrap: (platform) => async (request) => rewrite(await platform.handle(request), (status) => (status < 300 ? { status, body: { unexpected: true } } : undefined)),
  },
];

describe('fuzz: the property fails against a broken platform', () => {
  // An operation with a JSON body and a path id exercises every kind of case.
  const subject = operations.find((op) => op.body?.mediaType === 'application/json' && op.parameters.some((p) => p.in === 'path')) ?? operations[0];

  it.each(faults.map((fault) => [fault.name, fault] as const))('detects a platform that %s', async (_, fault) => {
    if (!subject) throw new Error('no operation');
    const model = await modelOf(subject);
    const platform = freshPlatform();
    const details = await runProperty(model, { platform, handle: fault.wrap(platform) }, { seed: SEED, numRuns: 200, endOnFailure: true }, new FuzzStats());
    expect(details.failed, `${fault.name}: the property did not fail`).toBe(true);
    expect(String(details.errorInstance)).toMatch(fault.expected);
  });
});

afterAll(() => {
  const top = [...stats.labels.entries()].filter(([label]) => !label.endsWith(' valid'));
  console.log(
    [
      `fuzz: seed ${SEED} (FUZZ_SEED), ${RUNS} runs per operation (FUZZ_RUNS), ${operations.length} operations`,
      `  requests: ${stats.cases} — valid ${stats.byKind.valid}, invalid ${stats.byKind.invalid}, hostile ${stats.byKind.hostile}; resets ${stats.resets}`,
      `  distinct mutations exercised: ${top.length}`,
      `  statuses: ${stats.histogram()}`,
    ].join('\n'),
  );
});
