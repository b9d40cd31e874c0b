/**
 * A real HTTP server (`@careloop/mocks/server`, `npm start`) in front of the platform. It only
 * converts node:http ⇄ Request/Response, streaming bodies both ways; the engine does the rest.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createMockPlatform, type MockPlatform } from '../platform.js';

export interface StartMockServerOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: a new platform with default options. */
  platform?: MockPlatform;
}

export interface RunningMockServer {
  /** e.g. http://127.0.0.1:4010 */
  url: string;
  platform: MockPlatform;
  close(): Promise<void>;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Expose-Headers': 'X-Request-Id, Idempotent-Replayed, Retry-After, Allow',
};

function toRequest(incoming: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(incoming.url ?? '/', origin), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

async function sendResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  outgoing.statusCode = response.status;
  response.headers.forEach((value, name) => outgoing.setHeader(name, value));
  for (const [name, value] of Object.entries(CORS_HEADERS)) outgoing.setHeader(name, value);
  if (!response.body) {
    outgoing.end();
    return;
  }
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) outgoing.write(chunk);
  outgoing.end();
}

export async function startMockServer({ port = 4010, host = '127.0.0.1', platform = createMockPlatform() }: StartMockServerOptions = {}): Promise<RunningMockServer> {
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    // The mock never reads the wall clock; a Date header would.
    outgoing.sendDate = false;
    if (incoming.method === 'OPTIONS') {
      outgoing.writeHead(204, CORS_HEADERS).end();
      return;
    }
    platform
      .handle(toRequest(incoming, origin))
      .then((response) => sendResponse(response, outgoing))
      .catch((error: unknown) => {
        if (!outgoing.headersSent) {
          outgoing.writeHead(500, { 'Content-Type': 'text/plain' });
        }
        outgoing.end(String(error instanceof Error ? error.message : error));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${hostPart}:${address.port}`;
  return {
    url: origin,
    platform,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export { createMockPlatform } from '../platform.js';
export type { CreateMockPlatformOptions, MockPlatform } from '../platform.js';
