import { startMockServer, type RunningMockServer } from '@careloop/mocks/server';
import { run, type CliIo } from '../src/index.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `careloop …` in-process and captures its output. */
export async function careloop(argv: string[], io: Partial<CliIo> = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {},
    ...io,
  });
  return { code, stdout, stderr };
}

export function mockServer(): Promise<RunningMockServer> {
  return startMockServer({ port: 0 });
}

/** Every event type in the platform's whole feed (all tenants). */
export async function feedTypes(baseUrl: string): Promise<Set<string>> {
  const types = new Set<string>();
  let after = '';
  for (;;) {
    const page = (await (await fetch(`${baseUrl}/_mock/events?limit=100${after ? `&after=${after}` : ''}`)).json()) as { data: { id: string; type: string }[] };
    if (page.data.length === 0) return types;
    for (const event of page.data) types.add(event.type);
    after = page.data[page.data.length - 1]?.id ?? '';
  }
}

/** Polls `check` until it returns true (or fails after `timeoutMs`). */
export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Starts a long-running command in-process; `stop()` aborts it (as ^C does) and resolves to its result. */
export function background(argv: string[], io: Partial<CliIo> = {}) {
  const controller = new AbortController();
  const output = { stdout: '', stderr: '' };
  const done = run(argv, {
    stdout: (text) => {
      output.stdout += text;
    },
    stderr: (text) => {
      output.stderr += text;
    },
    env: {},
    signal: controller.signal,
    ...io,
  });
  return {
    output,
    done,
    stop: async (): Promise<Captured> => {
      controller.abort();
      return { code: await done, ...output };
    },
  };
}
