/** Command-line conventions on top of `node:util` parseArgs: unknown options and bad values are usage errors. */
import { UsageError } from './io.js';

/** Runs a parseArgs call, turning its complaint ("Unknown option '--x'") into a UsageError of `command`. */
export function parseCommand<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error), command);
  }
}

/** `-h, --help`, shared by every command. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** A non-negative integer option (milliseconds, a port) at least `min`, or the fallback when absent. */
export function integerOption(command: string, name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${value}'`, command);
  return Number(value);
}
