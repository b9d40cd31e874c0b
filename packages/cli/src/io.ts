/** What a command touches outside itself, injected so tests run it in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Default: process.env. Read for CARELOOP_BASE_URL. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Stops a long-running command (`mock`, `listen`, `events tail`) cleanly; the bin aborts it on SIGINT. */
  signal?: AbortSignal;
}

/** Raised for a bad command line: the message and the command's usage go to stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly command: string | undefined,
  ) {
    super(message);
  }
}

export const DEFAULT_BASE_URL = 'http://localhost:4010';

/** --base-url, else CARELOOP_BASE_URL, else the mock platform's default address; without a trailing slash. */
export function baseUrlOf(option: string | undefined, io: CliIo): string {
  return (option ?? io.env?.['CARELOOP_BASE_URL'] ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
}
