/** `careloop trigger <event-type>`: runs that type's recipe against the platform, then prints the events it caused. */
import { parseArgs } from 'node:util';
import { HELP_OPTION, parseCommand } from '../args.js';
import { eventSource, eventsAfter, formatEvent, newestEventId } from '../feed.js';
import { COMMAND_HELP } from '../help.js';
import { baseUrlOf, type CliIo } from '../io.js';
import { createRecipeContext } from '../recipes/context.js';
import { RECIPES } from '../recipes/index.js';

export async function triggerCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('trigger', () =>
    parseArgs({ args, options: { ...HELP_OPTION, 'base-url': { type: 'string' }, list: { type: 'boolean' } }, strict: true, allowPositionals: true }),
  );
  if (values.help) {
    io.stdout(COMMAND_HELP['trigger'] ?? '');
    return 0;
  }
  const types = Object.keys(RECIPES);
  if (values.list) {
    io.stdout(`${types.join('\n')}\n`);
    return 0;
  }
  const [type, ...extra] = positionals;
  const recipe = type === undefined ? undefined : RECIPES[type];
  if (recipe === undefined || extra.length > 0) {
    io.stderr(
      `${type === undefined ? 'Missing <event-type>.' : extra.length > 0 ? `Unexpected argument '${extra[0]}'.` : `Unknown event type '${type}'.`} Valid types:\n${types.map((t) => `  ${t}`).join('\n')}\n`,
    );
    return 2;
  }
  const baseUrl = baseUrlOf(values['base-url'], io);
  const source = eventSource({ baseUrl }, io);
  const before = await newestEventId(source);
  io.stdout(`Triggering ${type} on ${baseUrl}\n`);
  await recipe(createRecipeContext(baseUrl, io));
  const caused = await eventsAfter(source, before);
  for (const event of caused) io.stdout(`${formatEvent(event)}\n`);
  if (!caused.some((event) => event.type === type)) {
    io.stderr(`The platform emitted no ${type} event.\n`);
    return 1;
  }
  return 0;
}
