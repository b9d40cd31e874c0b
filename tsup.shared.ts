import { defineConfig, type Options } from 'tsup';

/** The build every public package shares: ESM + CJS + types for both, ES2022, source maps. */
export function packageBuild(entry: Options['entry'], overrides: Options = {}) {
  return defineConfig({ entry, format: ['esm', 'cjs'], dts: true, sourcemap: true, clean: true, target: 'es2022', ...overrides });
}
