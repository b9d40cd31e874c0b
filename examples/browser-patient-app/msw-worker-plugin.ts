/**
 * Serves msw's `mockServiceWorker.js` at the site root (dev server) and emits it into `dist/` (build),
 * straight from the installed msw, so the worker script can never drift from the msw library that
 * runs in the page (msw refuses a worker of another version). Nothing generated is committed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

export const WORKER_FILE = 'mockServiceWorker.js';

/** The worker script of the msw that `@careloop/mocks` depends on (resolved from there, not from this app). */
export function mswWorkerScript(): string {
  const fromApp = createRequire(import.meta.url);
  const fromMocks = createRequire(fromApp.resolve('@careloop/mocks/package.json'));
  return readFileSync(fromMocks.resolve(`msw/${WORKER_FILE}`), 'utf8');
}

export function mswWorker(): Plugin {
  return {
    name: 'careloop:msw-worker',
    configureServer(server) {
      server.middlewares.use(`/${WORKER_FILE}`, (_request, response) => {
        response.setHeader('content-type', 'text/javascript; charset=utf-8');
        response.end(mswWorkerScript());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: WORKER_FILE, source: mswWorkerScript() });
    },
  };
}
