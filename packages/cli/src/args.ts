/** `node:util` parseArgs with the CLI's conventions: unknown options and stray arguments are usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommand<T extends Options>(command: string, args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, ...options }, strict: true, allowPositionals });
  } catch (error) {
    // parseArgs names the bad option in its message ("Unknown option '--x'", "Option '--port <value>' argument missing").
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error), command);
  }
}

/** A positive integer option (milliseconds, a port), or the fallback when absent. */
export function integerOption(command: string, name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${value}'`, command);
  return Number(value);
}
