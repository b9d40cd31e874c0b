/** MSW in the browser (`@careloop/mocks/browser`): the whole engine runs in the page behind `setupWorker`. */
import { setupWorker, type SetupWorker } from 'msw/browser';
import { createMockPlatform, type CreateMockPlatformOptions, type MockPlatform } from '../platform.js';
import { createMockHandlers, type MockHandlerOptions } from './msw-handlers.js';

export type MockWorker = SetupWorker & { platform: MockPlatform };

/** msw's `setupWorker(...)` answering from a (new or given) platform, which is on `.platform`. */
export function setupMockWorker(options: CreateMockPlatformOptions & MockHandlerOptions & { platform?: MockPlatform } = {}): MockWorker {
  const { baseUrl, platform: given, ...platformOptions } = options;
  const platform = given ?? createMockPlatform(platformOptions);
  const worker = setupWorker(...createMockHandlers(platform, baseUrl === undefined ? {} : { baseUrl }));
  return Object.assign(worker, { platform });
}

export { createMockHandlers, type MockHandlerOptions } from './msw-handlers.js';
export { createMockPlatform } from '../platform.js';
export type { CreateMockPlatformOptions, MockPlatform } from '../platform.js';
