import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as core from '@careloop/core';
import { ApiError, CareloopError } from '@careloop/core';

// The README's table from status/code to error class is the contract integrators read; it must
// say what the code does: the class ApiError.from builds for each status, and its `retryable`.
const readme = await readFile(new URL('../packages/core/README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Errors'), readme.indexOf('## Docs'));
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| ') && !line.startsWith('| ---') && !line.startsWith('| HTTP status'))
  .map((line): string[] => line.split(' | ').map((cell) => cell.replace(/^\| |\s\|$/g, '').trim()));

const errorClasses = Object.entries(core).filter(
  ([, value]) => typeof value === 'function' && (value === CareloopError || value.prototype instanceof CareloopError),
);

describe('README error table', () => {
  it('lists every error class the SDK exports', () => {
    const listed = new Set(rows.map((row) => row[2]?.replaceAll('`', '')));
    expect(errorClasses.map(([name]) => name).filter((name) => !listed.has(name))).toEqual([]);
  });

  it.each(rows.filter((row) => /^\d{3}$/.test(row[0] ?? '')))('%s → the class and retryable it names', (...[status, , klass, retryable]: string[]) => {
    const answer = (code: string): ApiError => ApiError.from(new Response(null, { status: Number(status) }), { code, status: Number(status) });
    const error = answer('SOME_CODE');
    expect(error.constructor.name).toBe(klass?.replaceAll('`', ''));
    expect(error.retryable).toBe(retryable === 'yes');
    if (retryable?.startsWith('only ')) expect(answer(retryable.slice('only '.length).replaceAll('`', '')).retryable).toBe(true);
  });

  it('documents every status the spec answers with', async () => {
    const spec = await readFile(new URL('../packages/mocks/src/generated/openapi.json', import.meta.url), 'utf8');
    const statuses = new Set([...spec.matchAll(/"([45]\d\d)": \{/g)].map((match) => match[1]));
    const documented = new Set(rows.map((row) => row[0]));
    expect([...statuses].filter((status) => !documented.has(status))).toEqual([]);
  });
});
