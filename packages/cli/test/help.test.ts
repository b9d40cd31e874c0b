import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { careloop } from './helpers.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

describe('careloop --help and usage errors', () => {
  it.each([
    [['--help'], 'Usage: careloop <command>'],
    [['-h'], 'Usage: careloop <command>'],
    [['mock', '--help'], 'Usage: careloop mock'],
    [['listen', '-h'], 'Usage: careloop listen --forward-to <url>'],
    [['trigger', '--help'], 'Usage: careloop trigger <event-type>'],
    [['events', '--help'], 'Usage: careloop events <subcommand>'],
    [['events', 'tail', '--help'], 'Usage: careloop events tail'],
  ])('careloop %j prints its usage, options and examples', async (argv, usage) => {
    const result = await careloop(argv);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.startsWith(usage)).toBe(true);
    expect(result.stdout).toContain('-h, --help');
    expect(result.stdout).toContain('Examples:');
  });

  it('prints the version', async () => {
    expect(await careloop(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([
    [['deploy'], "careloop: Unknown command 'deploy'", 'Usage: careloop <command>'],
    [['--verbose'], "careloop: Unknown option '--verbose'", 'Usage: careloop <command>'],
    [['mock', '--prot', '4010'], "Unknown option '--prot'", 'Usage: careloop mock'],
    [['mock', '--port', 'abc'], "--port must be an integer ≥ 0, got 'abc'", 'Usage: careloop mock'],
    [['listen'], '--forward-to <url> is required', 'Usage: careloop listen'],
    [['listen', '--forward-to', 'not a url'], "--forward-to must be a URL, got 'not a url'", 'Usage: careloop listen'],
    [['listen', '--forward-to', 'http://localhost:3000', '--client-id', 'cli_qtph'], '--client-id and --client-secret go together', 'Usage: careloop listen'],
    [['listen', '--forward-to', 'http://localhost:3000', '--secret', 'hunter2'], '--secret must be a whsec_… secret', 'Usage: careloop listen'],
    [['events'], 'Missing subcommand', 'Usage: careloop events <subcommand>'],
    [['events', 'head'], "Unknown subcommand 'events head'", 'Usage: careloop events <subcommand>'],
    [['events', 'tail', '--jsn'], "Unknown option '--jsn'", 'Usage: careloop events tail'],
    [['trigger', '--type', 'x'], "Unknown option '--type'", 'Usage: careloop trigger'],
  ])('careloop %j: the message and the usage on stderr, exit code 2', async (argv, message, usage) => {
    const result = await careloop(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(usage);
  });

  it('without a command, prints the usage on stderr with exit code 2', async () => {
    const result = await careloop([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: careloop <command>');
  });
});

describe('the built bin', () => {
  it('runs: node packages/cli/dist/cli.js --help', async () => {
    const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, [bin, '--help']);
    expect(stdout).toContain('Usage: careloop <command>');
    const failed = await promisify(execFile)(process.execPath, [bin, 'nope']).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown command 'nope'") });
  });
});
