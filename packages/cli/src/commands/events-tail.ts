/** `careloop events tail`: follows the feed, one line per event (or raw JSON with --json). */
import { parseArgs } from 'node:util';
import { HELP_OPTION, integerOption, parseCommand } from '../args.js';
import { eventSource, follow, formatEvent, newestEventId } from '../feed.js';
import { COMMAND_HELP } from '../help.js';
import { baseUrlOf, UsageError, type CliIo } from '../io.js';

export async function eventsCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    io.stdout(COMMAND_HELP['events'] ?? '');
    return 0;
  }
  if (sub !== 'tail') throw new UsageError(sub === undefined ? 'Missing subcommand' : `Unknown subcommand 'events ${sub}'`, 'events');
  const { values } = parseCommand('events tail', () =>
    parseArgs({
      args: rest,
      options: {
        ...HELP_OPTION,
        type: { type: 'string' },
        'base-url': { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'from-start': { type: 'boolean' },
        interval: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
    }),
  );
  if (values.help) {
    io.stdout(COMMAND_HELP['events tail'] ?? '');
    return 0;
  }
  if ((values['client-id'] === undefined) !== (values['client-secret'] === undefined)) {
    throw new UsageError('--client-id and --client-secret go together', 'events tail');
  }
  const intervalMs = integerOption('events tail', 'interval', values.interval, 1000, 1);
  const source = eventSource({ baseUrl: baseUrlOf(values['base-url'], io), clientId: values['client-id'], clientSecret: values['client-secret'] }, io);
  const after = values['from-start'] ? undefined : await newestEventId(source, values.type);
  await follow(source, { after, types: values.type === undefined ? [] : [values.type], intervalMs, signal: io.signal }, (event) => {
    io.stdout(`${values.json ? JSON.stringify(event) : formatEvent(event)}\n`);
  });
  return 0;
}
