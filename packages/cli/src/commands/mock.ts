/** `careloop mock`: exactly what `npm start` runs (serveMockPlatform from @careloop/mocks/server), until stopped. */
import { parseArgs } from 'node:util';
import { serveMockPlatform } from '@careloop/mocks/server';
import { HELP_OPTION, integerOption, parseCommand } from '../args.js';
import { COMMAND_HELP } from '../help.js';
import type { CliIo } from '../io.js';

export async function mockCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('mock', () =>
    parseArgs({
      args,
      options: { ...HELP_OPTION, port: { type: 'string' }, host: { type: 'string' }, seed: { type: 'string' }, now: { type: 'string' }, docs: { type: 'string' } },
      strict: true,
    }),
  );
  if (values.help) {
    io.stdout(COMMAND_HELP['mock'] ?? '');
    return 0;
  }
  const server = await serveMockPlatform({
    port: integerOption('mock', 'port', values.port, 4010),
    host: values.host ?? '127.0.0.1',
    ...(values.seed === undefined ? {} : { seed: values.seed }),
    ...(values.now === undefined ? {} : { now: values.now }),
    ...(values.docs === undefined ? {} : { docsDir: values.docs }),
    write: io.stdout,
  });
  // Serves until the signal aborts (the bin's ^C); without a signal, for as long as the process runs.
  const { signal } = io;
  await new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stdout('Stopping the mock platform\n');
  await server.close();
  return 0;
}
