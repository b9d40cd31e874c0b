/** A `fetch` that never touches the network: every request goes straight to the platform's engine. */
import { DEFAULT_BASE_URL, createMockPlatform, type CreateMockPlatformOptions, type MockPlatform } from '../platform.js';

export type MockFetch = typeof fetch & { platform: MockPlatform };

function isPlatform(value: unknown): value is MockPlatform {
  return typeof value === 'object' && value !== null && typeof (value as MockPlatform).handle === 'function';
}

/**
 * `createMockFetch()` makes a fresh platform; `createMockFetch(platform)` wraps an existing one.
 * Relative URLs resolve against `baseUrl` (default https://api.careloop.dev).
 */
export function createMockFetch(
  platformOrOptions: MockPlatform | CreateMockPlatformOptions = {},
  { baseUrl = DEFAULT_BASE_URL }: { baseUrl?: string } = {},
): MockFetch {
  const platform = isPlatform(platformOrOptions) ? platformOrOptions : createMockPlatform(platformOrOptions);
  const mockFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request =
      input instanceof Request ? (init === undefined ? input : new Request(input, init)) : new Request(new URL(input, baseUrl), init);
    return platform.handle(request);
  };
  return Object.assign(mockFetch, { platform }) as MockFetch;
}
