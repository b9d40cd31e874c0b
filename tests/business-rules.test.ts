import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The business-rules guide cannot drift from the platform: every error code of the spec is
// documented there, and every rule it lists is decided in the file its section names and broken by
// a test named with its id.
const root = new URL('..', import.meta.url).pathname;
const guide = readFileSync(join(root, 'docs/business-rules.md'), 'utf8');
const common = parse(readFileSync(join(root, 'spec/components/common/schemas.yaml'), 'utf8')) as { ErrorCode: { enum: string[] } };

function files(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'generated') return [];
    return statSync(path).isDirectory() ? files(path, keep) : keep(path) ? [path] : [];
  });
}

const testSources = [join(root, 'packages/mocks/src'), join(root, 'tests'), join(root, 'examples')]
  .flatMap((dir) => files(dir, (path) => path.endsWith('.test.ts')))
  .map((path) => readFileSync(path, 'utf8'));

/** Each `## …` section with the rule files its heading names and the rule ids of its table. */
const sections = guide
  .split(/^## /m)
  .slice(1)
  .map((section) => ({
    ruleFiles: [...(section.split('\n')[0] ?? '').matchAll(/`([^`]+\.ts)`/g)].map((m) => m[1] as string),
    rules: [...section.matchAll(/^\| (BR-[A-Z]+-\d+) \|/gm)].map((m) => m[1] as string),
  }))
  .filter((section) => section.rules.length > 0);

describe('docs/business-rules.md', () => {
  it('documents every error code of the spec', () => {
    const missing = common.ErrorCode.enum.filter((code) => !guide.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });

  it.each(sections.flatMap((section) => section.rules.map((rule) => [rule, section.ruleFiles] as const)))(
    '%s is decided in the file its section names and broken by a test named with its id',
    (rule, ruleFiles) => {
      const sources = ruleFiles.map((file) => readFileSync(join(root, file), 'utf8'));
      expect(sources.some((source) => source.includes(rule)), `${rule} in ${ruleFiles.join(', ')}`).toBe(true);
      const titled = new RegExp(`\\b(it|test|describe)(\\.each\\([^)]*\\))?\\(\\s*['\`"]${rule}\\b`);
      expect(testSources.some((source) => titled.test(source)), `a test titled ${rule}…`).toBe(true);
    },
  );
});
