import { createCareloopClient, createLogger, defineOperation, type ApiPromise, type Logger, type RequestOptions } from '@careloop/core';
import { describe, expect, it } from 'vitest';
import { piiCorpus } from './harness/pii.js';

// Redaction is on whenever the SDK logs: no value of any field the spec marks `x-pii` (names,
// resident ID numbers, mobile numbers, addresses, free text, credentials) may reach a logger or a
// hook, wherever it travels — request body, query, header or response body — even at debug level.
const corpus = piiCorpus();

type Call = (params: Record<string, unknown>, options?: RequestOptions) => ApiPromise<unknown>;
const submit = defineOperation<Call>('submitThing', { method: 'POST', path: '/v1/things', params: 'body', idempotencyKey: true });
const search = defineOperation<Call>('searchThings', { method: 'GET', path: '/v1/things', params: 'query' });

function capture(): { logger: Logger; text: () => string } {
  const lines: unknown[] = [];
  const push = (message: string, fields: Record<string, unknown>): void => {
    lines.push(message, fields);
  };
  return { logger: { debug: push, info: push, warn: push, error: push }, text: () => JSON.stringify(lines) };
}

/** A client whose every call answers `answer` and logs everything at debug level into `sink`. */
function client(sink: Logger, answer: unknown) {
  const hooks: unknown[] = [];
  const careloop = createCareloopClient<{}, { things: { submit: typeof submit; search: typeof search } }>(
    {
      baseUrl: 'https://api.test',
      auth: { accessToken: 'tok_live_4f2a9c' },
      fetch: async () => new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json', 'Set-Cookie': 'sid=s3cr3t' } }),
      logger: createLogger(sink, { level: 'debug', onRequest: (event) => hooks.push(event), onResponse: (event) => hooks.push(event) }),
    },
    { things: { submit, search } },
  );
  return { careloop, hooks };
}

describe('log redaction over every x-pii field of the spec', () => {
  it('has a corpus covering every category the spec uses', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
    expect(new Set(corpus.map((sample) => sample.category))).toEqual(new Set(['name', 'resident-id', 'mobile', 'address', 'free-text', 'credential']));
  });

  it.each(corpus.map((sample) => [sample.location, sample] as const))('%s never reaches the logs or hooks', async (_location, { field, value }) => {
    const { logger, text } = capture();
    const { careloop, hooks } = client(logger, { data: [{ id: 'thg_1', [field]: value, nested: { [field]: value } }] });
    await submit(careloop, { thing: { id: 'thg_1', [field]: value }, list: [{ [field]: value }] }, { headers: { [field]: value } });
    await search(careloop, { [field]: value, limit: 5 });
    const logged = text() + JSON.stringify(hooks);
    expect(logged).toContain('thg_1'); // the log really has the bodies in it
    expect(logged).not.toContain(value);
    for (const secret of ['tok_live_4f2a9c', 's3cr3t']) expect(logged).not.toContain(secret);
  });

  it.each(corpus.filter((sample) => sample.category === 'resident-id' || sample.category === 'mobile').map((sample) => [sample.location, sample] as const))(
    '%s is redacted by its shape too, under a name the spec does not mark',
    async (_location, { value }) => {
      const { logger, text } = capture();
      const { careloop } = client(logger, { comment: `reach me at ${value}` });
      await submit(careloop, { comment: `patient ${value} called` });
      expect(text()).not.toContain(value);
    },
  );
});
