#!/usr/bin/env node
/** The `careloop` bin: `run` on the process's arguments, stopped cleanly by SIGINT/SIGTERM. */
import { run } from './run.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort());
}
run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`careloop: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
