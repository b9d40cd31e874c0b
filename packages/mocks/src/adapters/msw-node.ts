/** MSW for Node (`@careloop/mocks/msw`): `setupServer` with the platform's single handler. */
import { setupServer, type SetupServer } from 'msw/node';
import { createMockPlatform, type CreateMockPlatformOptions, type MockPlatform } from '../platform.js';
import { createMockHandlers, type MockHandlerOptions } from './msw-handlers.js';

export type MockServer = SetupServer & { platform: MockPlatform };

/** msw's `setupServer(...)` answering from a (new or given) platform, which is on `.platform`. */
export function setupMockServer(options: CreateMockPlatformOptions & MockHandlerOptions & { platform?: MockPlatform } = {}): MockServer {
  const { baseUrl, platform: given, ...platformOptions } = options;
  const platform = given ?? createMockPlatform(platformOptions);
  const server = setupServer(...createMockHandlers(platform, baseUrl === undefined ? {} : { baseUrl }));
  return Object.assign(server, { platform });
}

export { createMockHandlers, type MockHandlerOptions } from './msw-handlers.js';
export { createMockPlatform } from '../platform.js';
export type { CreateMockPlatformOptions, MockPlatform } from '../platform.js';
