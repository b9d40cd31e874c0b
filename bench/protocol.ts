/**
 * The messages the benchmark's three processes exchange over the `fork` IPC channel: the
 * orchestrator (`run.ts`) drives a server process (`http-servers.ts`, the mock platform's HTTP
 * server and a bare node:http server) and a load-generator process (`load-client.ts`).
 */
import type { ChildProcess } from 'node:child_process';
import type { LatencySummary } from './stats.js';

export const SEARCH_PATH = '/v1/slots?departmentId=dep_qtph_endo&dateFrom=2026-06-02&dateTo=2026-06-08&available=true&limit=20';

/** One hold+book unit of work: this patient holds a number in this slot, then books it. */
export interface HoldBookPair {
  token: string;
  slotId: string;
}

export type ServerCommand =
  | { type: 'prepare-search' }
  | { type: 'prepare-holdbook'; patients: number }
  | { type: 'cpu-start' }
  | { type: 'cpu-stop' }
  | { type: 'close' };

export interface ServerReady {
  type: 'ready';
  mockOrigin: string;
  bareOrigin: string;
}

export interface PreparedSearch {
  token: string;
  path: string;
  bytes: number;
}

export interface PreparedHoldBook {
  pairs: HoldBookPair[];
  holdBytes: number;
  bookBytes: number;
}

export interface CpuSample {
  /** Server-process CPU time (user + system) between cpu-start and cpu-stop, ms. */
  cpuMs: number;
  wallMs: number;
}

export type LoadJob =
  | { type: 'search'; origin: string; path: string; token: string; count: number; concurrency: number; expectBytes: number }
  | { type: 'holdbook'; origin: string; pairs: HoldBookPair[]; concurrency: number }
  | { type: 'reset-agents' };

export interface LoadResult {
  /** Units completed: requests for search, hold+book sequences for holdbook. */
  count: number;
  elapsedMs: number;
  /** Units per second. */
  rate: number;
  latency: LatencySummary;
  errors: number;
  firstError?: string;
}

interface Envelope {
  id: number;
  payload?: unknown;
  error?: string;
}

let nextId = 1;

/** Sends a command to a forked child and resolves with its reply (same `id`). */
export function call<T>(child: ChildProcess, payload: object): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: Envelope): void => {
      if (message.id !== id) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.payload as T);
    };
    const onExit = (code: number | null): void => {
      child.off('message', onMessage);
      reject(new Error(`benchmark child exited (code ${code}) before answering`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ id, payload });
  });
}

/** The child side of `call`: answers every message with the handler's result or error. */
export function serve(handler: (payload: never) => Promise<unknown>): void {
  process.on('message', (message: Envelope) => {
    handler(message.payload as never).then(
      (payload) => process.send?.({ id: message.id, payload }),
      (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}
