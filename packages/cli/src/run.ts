/** `careloop <command>`: dispatches to a command; usage errors print the message and the usage on stderr (exit 2). */
import { version } from '../package.json';
import { eventsCommand } from './commands/events-tail.js';
import { listenCommand } from './commands/listen.js';
import { mockCommand } from './commands/mock.js';
import { triggerCommand } from './commands/trigger.js';
import { COMMAND_HELP } from './help.js';
import { UsageError, type CliIo } from './io.js';

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  mock: mockCommand,
  listen: listenCommand,
  trigger: triggerCommand,
  events: eventsCommand,
};

/** Runs the CLI on `argv` (without `node` and the script) and resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? io.stderr : io.stdout)(COMMAND_HELP['careloop'] ?? '');
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${version}\n`);
      return 0;
    }
    const handler = COMMANDS[command];
    if (!handler) throw new UsageError(command.startsWith('-') ? `Unknown option '${command}'` : `Unknown command '${command}'`, undefined);
    return await handler(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`careloop: ${error.message}\n\n${COMMAND_HELP[error.command ?? 'careloop'] ?? ''}`);
      return 2;
    }
    io.stderr(`careloop: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
