/**
 * docs/getting-started.md is the newcomer's path to a booked appointment; this runs it as written:
 * its `booking.ts` against a fresh mock platform, and the output must be the one the page shows.
 * (The snippet checker only compiles it; this proves the page's promise.)
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '@careloop/mocks/server';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const page = await readFile(join(repoRoot, 'docs/getting-started.md'), 'utf8');

/** The first fenced block of `lang` after `marker` on the page. */
function blockAfter(marker: string, lang: string): string {
  const start = page.indexOf(marker);
  expect(start, `docs/getting-started.md has "${marker}"`).toBeGreaterThan(-1);
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(page.slice(start));
  if (!match?.[1]) throw new Error(`No \`\`\`${lang} block after "${marker}" in docs/getting-started.md`);
  return match[1];
}

describe('docs/getting-started.md, run as written', () => {
  let server: RunningMockServer;
  let dir: string;

  beforeAll(async () => {
    server = await startMockServer({ port: 0 });
    // Inside the repo, so `@careloop/patient` resolves as in a fresh clone (the built package).
    await mkdir(join(repoRoot, '.tmp'), { recursive: true });
    dir = await mkdtemp(join(repoRoot, '.tmp', 'getting-started-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('books the appointment the page shows, with the output the page shows', async () => {
    const script = blockAfter('Save this as `booking.ts`', 'ts');
    expect(script).toContain("const baseUrl = 'http://localhost:4010';");
    expect(blockAfter('Run it', 'sh').trim()).toBe('npx tsx booking.ts');
    const file = join(dir, 'booking.ts');
    await writeFile(file, script.replace("'http://localhost:4010'", JSON.stringify(server.url)));
    const { stdout } = await run(join(repoRoot, 'node_modules/.bin/tsx'), [file], { cwd: dir });
    expect(stdout.trim()).toBe(blockAfter('npx tsx booking.ts', 'text').trim());
    expect(stdout).toMatch(/Booked apt_\w+ \(booked\): queue number \d+/);
  });

  it("a second run is refused as the page's \"Break a rule\" says (409 DUPLICATE_BOOKING)", async () => {
    const failure = await run(join(repoRoot, 'node_modules/.bin/tsx'), [join(dir, 'booking.ts')], { cwd: dir }).then(
      () => undefined,
      (error: { stderr: string }) => error.stderr,
    );
    expect(failure).toContain('ConflictError: 409 DUPLICATE_BOOKING');
    expect(blockAfter('**Break a rule.**', 'text')).toContain('ConflictError: 409 DUPLICATE_BOOKING');
  });
});
