/**
 * @careloop/mocks — the Careloop mock platform: a stateful, deterministic stand-in for production.
 * One engine (`platform.handle(Request) → Response`) behind several adapters: this `fetch`,
 * MSW handlers (`@careloop/mocks/msw`, `@careloop/mocks/browser`) and an HTTP server
 * (`@careloop/mocks/server`).
 */
export { createMockPlatform, DEFAULT_BASE_URL, DEFAULT_NOW, DEFAULT_SEED } from './platform.js';
export type { CreateMockPlatformOptions, MockPlatform, Sandbox } from './platform.js';
export type { ConnectorTimings, WebhookTimings } from './services.js';
export { createMockFetch } from './adapters/fetch.js';
export type { MockFetch } from './adapters/fetch.js';
export type { Clock } from './engine/clock.js';
export type { SandboxClient, Audience } from './domains/auth/clients.js';
export type { SandboxPatient } from './world.js';
export { ERROR_CODES, ERROR_TITLES } from './engine/problem.js';
export type { ErrorCode, FieldError } from './engine/problem.js';
export { EVENT_OBJECTS, EVENT_TYPES } from './engine/events.js';
/** What a sandbox payment channel signs its notifications with (BR-PAY-2), for apps that play the channel. */
export { channelSignature } from './domains/payments/channel-signature.js';
export type { EventObject, EventType } from './engine/events.js';
