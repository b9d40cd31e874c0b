import { defineConfig } from 'vitest/config';

// One suite for the whole repo. Workspace packages resolve to their TypeScript sources through
// the `@careloop/source` export condition, so tests never need a build first.
export default defineConfig({
  resolve: { conditions: ['@careloop/source'] },
  ssr: { resolve: { conditions: ['@careloop/source'], externalConditions: ['@careloop/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    typecheck: { enabled: true, include: ['packages/*/test/**/*.test-d.ts'], tsconfig: './tsconfig.type-tests.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
