import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as core from '@careloop/core';
import { ApiError, CareloopError } from '@careloop/core';

// The tables from status/code to error class are the contract integrators read (the core README and
// docs/errors.md); each must say what the code does: the class ApiError.from builds for each status,
// and its `retryable`.
async function tableRows(path: string, from: string, to: string): Promise<string[][]> {
  const text = await readFile(new URL(path, import.meta.url), 'utf8');
  const section = text.slice(text.indexOf(from), text.indexOf(to));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---') && !line.startsWith('| HTTP status'))
    .map((line): string[] => line.split(' | ').map((cell) => cell.replace(/^\| |\s\|$/g, '').trim()));
}
const tables = [
  { name: 'packages/core/README.md', rows: await tableRows('../packages/core/README.md', '## Errors', '## Docs') },
  { name: 'docs/errors.md', rows: await tableRows('../docs/errors.md', '## Status → class', '## Which codes to expect where') },
];

const errorClasses = Object.entries(core).filter(
  ([, value]) => typeof value === 'function' && (value === CareloopError || value.prototype instanceof CareloopError),
);

describe.each(tables)('error table of $name', ({ rows }) => {
  it('has rows', () => {
    expect(rows.length).toBeGreaterThan(10);
  });

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
