/**
 * A real HTTP server (`@careloop/mocks/server`, `npm start`) in front of the platform. It only
 * converts node:http requests and responses to and from the engine's plain-value `dispatch`
 * (method, URL, header lookup and lazily read body in; status, headers and a string body out);
 * the engine does the rest. A platform not made by `createMockPlatform` is served through its
 * `handle(Request)` instead.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { DispatchRequest, DispatchResponse } from '../engine/engine.js';
import { createMockPlatform, dispatcherOf, type MockPlatform } from '../platform.js';
import { docsRoot, isDocsPath, serveDocs } from './static-docs.js';

export interface StartMockServerOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: a new platform with default options. */
  platform?: MockPlatform;
  /** A built docs site (`npm run docs` → docs/dist) to serve at /docs/; by default /docs is not served. */
  docsDir?: string;
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

/** Decodes as `Request#text()` does (UTF-8, a leading BOM dropped). */
const utf8 = new TextDecoder();

/** The absolute URL of a request target, as `new URL(target, origin)` resolves it (without parsing the common case twice). */
function absoluteUrl(target: string, origin: string): string {
  // A path-absolute target ("/v1/…", not "//…" or "/\…", and without the tabs and newlines a
  // URL parser drops) resolves to origin + target.
  const second = target.charCodeAt(1);
  if (target.charCodeAt(0) === 0x2f && second !== 0x2f && second !== 0x5c && !/[\t\n\r]/.test(target)) return origin + target;
  return new URL(target, origin).href;
}

/** The request body as text, read from the node stream only when the engine asks for it. */
function readText(incoming: IncomingMessage): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(chunks.length === 0 ? '' : utf8.decode(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks))));
    incoming.once('error', reject);
    incoming.once('close', () => {
      if (!incoming.complete) reject(new Error('The request was aborted before its body was read.'));
    });
  });
}

/** A node:http request as the engine's `dispatch` reads it (a class: no closures per request). */
class NodeRequest implements DispatchRequest {
  readonly method: string;
  readonly url: string;
  private readonly hasBody: boolean;

  constructor(
    private readonly incoming: IncomingMessage,
    origin: string,
  ) {
    this.method = incoming.method ?? 'GET';
    this.url = absoluteUrl(incoming.url ?? '/', origin);
    const { headers } = incoming;
    // GET and HEAD bodies are ignored (as a Request ignores them); a request with neither
    // Transfer-Encoding nor a non-zero Content-Length has no body to read.
    this.hasBody =
      this.method !== 'GET' &&
      this.method !== 'HEAD' &&
      (headers['transfer-encoding'] !== undefined || (headers['content-length'] ?? '0') !== '0');
  }

  headers(name: string): string | null {
    // node:http has already lower-cased the names, trimmed the values and joined repeated headers.
    const value = this.incoming.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }

  text(): Promise<string> {
    return this.hasBody ? readText(this.incoming) : Promise.resolve('');
  }
}

function send(response: DispatchResponse, outgoing: ServerResponse): void {
  // The engine's headers in the order a Headers object lists them (sorted), then CORS.
  const head: Record<string, string | number> = {};
  for (const name of Object.keys(response.headers).sort()) head[name] = response.headers[name] as string;
  Object.assign(head, CORS_HEADERS);
  head['Content-Length'] = Buffer.byteLength(response.body);
  outgoing.writeHead(response.status, head);
  outgoing.end(response.body);
}

/** For a platform that only offers `handle(Request)`: the Fetch API both ways, bodies streamed. */
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

export async function startMockServer({ port = 4010, host = '127.0.0.1', platform = createMockPlatform(), docsDir }: StartMockServerOptions = {}): Promise<RunningMockServer> {
  let origin = '';
  const dispatch = dispatcherOf(platform);
  const docs = docsDir === undefined ? undefined : await docsRoot(docsDir);
  const server = createServer((incoming, outgoing) => {
    // The mock never reads the wall clock; a Date header would.
    outgoing.sendDate = false;
    if (incoming.method === 'OPTIONS') {
      outgoing.writeHead(204, CORS_HEADERS).end();
      return;
    }
    if (docs !== undefined) {
      const target = incoming.url ?? '/';
      const queryAt = target.indexOf('?');
      const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
      if (isDocsPath(pathname)) {
        serveDocs(docs, incoming, outgoing, pathname, queryAt === -1 ? '' : target.slice(queryAt)).catch((error: unknown) => {
          if (!outgoing.headersSent) outgoing.writeHead(500, { 'Content-Type': 'text/plain' });
          outgoing.end(String(error instanceof Error ? error.message : error));
        });
        return;
      }
    }
    const answered = dispatch
      ? new Promise<DispatchRequest>((resolve) => resolve(new NodeRequest(incoming, origin))).then(dispatch).then((response) => send(response, outgoing))
      : new Promise<Request>((resolve) => resolve(toRequest(incoming, origin))).then((request) => platform.handle(request)).then((response) => sendResponse(response, outgoing));
    answered.catch((error: unknown) => {
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
export { connectMockPlatform, serveMockPlatform } from '../serve.js';
export type { ConnectMockPlatformOptions, MockPlatformConnection, ServeMockPlatformOptions } from '../serve.js';
