import { defaultClientConditions, defineConfig } from 'vite';
import { mswWorker } from './msw-worker-plugin.js';

export default defineConfig({
  // In this repo the @careloop packages resolve to their TypeScript sources (the `@careloop/source`
  // condition), so the app runs without building them first. An app outside the repo drops this.
  resolve: { conditions: ['@careloop/source', ...defaultClientConditions] },
  plugins: [mswWorker()],
  // The mock platform (engine, spec validator, seeded world) is one big chunk by design.
  build: { chunkSizeWarningLimit: 4096 },
});
