/**
 * @careloop/cli — the `careloop` command (bin) and, for tests and tools, `run(argv, io)`, which runs
 * it in-process with injected output, fetch, environment and stop signal.
 */
export { run } from './run.js';
export type { CliIo } from './io.js';
export { RECIPES, type Recipe } from './recipes/index.js';
export type { NewPatient, RecipeContext } from './recipes/context.js';
