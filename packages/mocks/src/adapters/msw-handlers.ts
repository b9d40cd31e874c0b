/** The one MSW handler both MSW adapters use (browser-safe: imports only `msw`). */
import { http, type HttpHandler } from 'msw';
import { DEFAULT_BASE_URL, type MockPlatform } from '../platform.js';

export interface MockHandlerOptions {
  /** Requests under this URL go to the platform. Default https://api.careloop.dev. */
  baseUrl?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A single dispatching handler (`http.all`) rather than one per operation, so the cost per
 * request does not grow with the API. A path prefix in `baseUrl` is stripped before dispatch.
 */
export function createMockHandlers(platform: MockPlatform, { baseUrl = DEFAULT_BASE_URL }: MockHandlerOptions = {}): HttpHandler[] {
  const base = new URL(baseUrl, globalThis.location?.href);
  const prefix = base.pathname.replace(/\/+$/, '');
  const pattern = new RegExp(`^${escapeRegExp(`${base.origin}${prefix}`)}/`);
  return [
    http.all(pattern, ({ request }) => {
      if (prefix === '') return platform.handle(request);
      const url = new URL(request.url);
      url.pathname = url.pathname.slice(prefix.length);
      return platform.handle(new Request(url, request));
    }),
  ];
}
