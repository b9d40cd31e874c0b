/**
 * Idempotency-Key records, scoped per caller: the first response to a key is stored and replayed
 * byte for byte; the same key with another request is refused. Kept 24 h of mock-clock time.
 */

export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
}

interface IdempotencyRecord {
  fingerprint: string;
  createdAtMs: number;
  response: StoredResponse | undefined;
}

export type IdempotencyOutcome =
  | { kind: 'proceed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'reused' }
  | { kind: 'in-progress' };

export class IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();
  /** Insertion order, for pruning expired records from the front. */
  private readonly expiryQueue: { key: string; createdAtMs: number }[] = [];

  /** Looks the key up and, when it is new, marks it in progress. */
  begin(caller: string, key: string, fingerprint: string, nowMs: number): IdempotencyOutcome {
    this.prune(nowMs);
    const recordKey = `${caller}\u0000${key}`;
    const record = this.records.get(recordKey);
    if (record) {
      if (record.fingerprint !== fingerprint) return { kind: 'reused' };
      return record.response ? { kind: 'replay', response: record.response } : { kind: 'in-progress' };
    }
    this.records.set(recordKey, { fingerprint, createdAtMs: nowMs, response: undefined });
    this.expiryQueue.push({ key: recordKey, createdAtMs: nowMs });
    return { kind: 'proceed' };
  }

  complete(caller: string, key: string, response: StoredResponse): void {
    const record = this.records.get(`${caller}\u0000${key}`);
    if (record) record.response = response;
  }

  /** Forgets a key whose request must not be replayed (a server error), so a retry runs again. */
  abandon(caller: string, key: string): void {
    this.records.delete(`${caller}\u0000${key}`);
  }

  private prune(nowMs: number): void {
    for (;;) {
      const head = this.expiryQueue[0];
      if (!head || nowMs - head.createdAtMs < IDEMPOTENCY_RETENTION_MS) return;
      this.expiryQueue.shift();
      const record = this.records.get(head.key);
      if (record && record.createdAtMs === head.createdAtMs) this.records.delete(head.key);
    }
  }
}
