/**
 * The relay between the platform and hospitals' HIS through their connectors: connectors and their
 * status, the command queue with leases and sessions, the agent's long poll, acknowledgements, and
 * callers awaiting an answer with a real-time limit. State changes are synchronous; only the long
 * poll and the awaiting of an answer wait, in real time (the network), never on the mock clock.
 */
import type { EventFeed } from '../../engine/events.js';
import { Hook } from '../../engine/hook.js';
import type { IdFactory } from '../../engine/ids.js';
import { MultiIndex } from '../../engine/multi-index.js';
import { notFound, validationFailed } from '../../engine/problem.js';
import type { TimerQueue } from '../../engine/timers.js';
import type { PlatformRuntime } from '../../services.js';
import type {
  CommandError,
  CommandRecord,
  CommandResult,
  ConnectorOperation,
  ConnectorRecord,
  ConnectorStatus,
  RecordImportRecord,
} from './model.js';
import {
  allows,
  assertNoActiveConnector,
  assertNotRevoked,
  assertReachable,
  assertRevocable,
  deliverable,
  judgeStatus,
  nextStatusChangeAt,
} from './rules.js';

export const CONNECTOR_STATUS_TIMER = 'connector-status';

/** What a caller awaiting a command learns. */
export type CommandOutcome =
  | { kind: 'succeeded'; result: CommandResult }
  | { kind: 'failed'; error: CommandError }
  | { kind: 'withdrawn' }
  | { kind: 'timeout' };

export interface RegisterInput {
  name: string;
  allowedOperations: ConnectorOperation[];
}

export interface HeartbeatInput {
  version: string;
  hisReachable: boolean;
  roundTripP50Ms?: number;
  roundTripP95Ms?: number;
}

export interface AcknowledgeInput {
  outcome: 'succeeded' | 'failed';
  result?: CommandResult;
  error?: CommandError;
}

export class ConnectorRelay {
  readonly connectors = new Map<string, ConnectorRecord>();
  readonly commands = new Map<string, CommandRecord>();
  readonly imports = new Map<string, RecordImportRecord>();
  readonly connectorsByOrganization = new MultiIndex();
  /** Command ids per connector, oldest first. */
  private readonly queues = new Map<string, string[]>();
  readonly importsByPatient = new MultiIndex();
  /** `organizationId|patientId|hisDocumentId` → document id: an HIS document is imported once. */
  readonly importedHisDocuments = new Map<string, string>();

  /** A command was acknowledged for the first time (record imports, abandoned locks react). */
  readonly acknowledged = new Hook<[command: CommandRecord, atMs: number]>();

  /** Long polls waiting for a command, per connector. */
  private readonly pollers = new Map<string, Set<() => void>>();
  /** Callers awaiting a command's outcome. */
  private readonly awaiting = new Map<string, ((outcome: CommandOutcome) => void)[]>();

  constructor(
    private readonly runtime: PlatformRuntime,
    private readonly ids: IdFactory,
    private readonly events: EventFeed,
    private readonly timers: TimerQueue,
  ) {}

  // ── Connectors ──

  /** The hospital's connector that is not revoked, if any. */
  activeConnectorOf(organizationId: string): ConnectorRecord | undefined {
    for (const id of this.connectorsByOrganization.get(organizationId)) {
      const connector = this.connectors.get(id);
      if (connector && connector.revokedAtMs === null) return connector;
    }
    return undefined;
  }

  /** The hospital's connector when it allows `operation`. */
  connectorFor(organizationId: string, operation: ConnectorOperation): ConnectorRecord | undefined {
    const connector = this.activeConnectorOf(organizationId);
    return allows(connector, operation) ? connector : undefined;
  }

  statusOf(connector: ConnectorRecord, nowMs: number): ConnectorStatus {
    return judgeStatus(connector, nowMs, this.runtime.connector);
  }

  /** 503 CONNECTOR_OFFLINE unless the connector can be asked now. */
  assertReachable(connector: ConnectorRecord, nowMs: number): void {
    assertReachable(connector, this.statusOf(connector, nowMs));
  }

  pendingCount(connector: ConnectorRecord): number {
    let count = 0;
    for (const id of this.queues.get(connector.id) ?? []) if (this.commands.get(id)?.status === 'pending') count++;
    return count;
  }

  addConnector(connector: ConnectorRecord): void {
    this.connectors.set(connector.id, connector);
    this.connectorsByOrganization.add(connector.organizationId, connector.id);
    this.queues.set(connector.id, []);
  }

  register(organizationId: string, input: RegisterInput, nowMs: number): ConnectorRecord {
    const existing = this.activeConnectorOf(organizationId);
    assertNoActiveConnector(organizationId, existing, existing && this.statusOf(existing, nowMs));
    const connector: ConnectorRecord = {
      id: this.ids.next('con'),
      organizationId,
      name: input.name,
      status: 'provisioning',
      version: null,
      allowedOperations: [...input.allowedOperations],
      lastSeenAtMs: null,
      lastHeartbeatAtMs: null,
      hisReachable: null,
      roundTripP50Ms: null,
      roundTripP95Ms: null,
      createdAtMs: nowMs,
      revokedAtMs: null,
      statusCheckAtMs: null,
    };
    this.addConnector(connector);
    this.emitConnector('connector.registered', connector, nowMs);
    return connector;
  }

  /** Another hospital's connector is not there (404). */
  visible(organizationId: string, connectorId: string): ConnectorRecord {
    const connector = this.connectors.get(connectorId);
    if (!connector || connector.organizationId !== organizationId) throw notFound('connector', connectorId);
    return connector;
  }

  list(organizationId: string): ConnectorRecord[] {
    return [...this.connectorsByOrganization.get(organizationId)].flatMap((id) => this.connectors.get(id) ?? []);
  }

  /** Switches the connector off for good and withdraws its pending commands (their waiting callers get 503). */
  revoke(organizationId: string, connectorId: string, nowMs: number): ConnectorRecord {
    const connector = this.visible(organizationId, connectorId);
    assertRevocable(connector);
    connector.revokedAtMs = nowMs;
    connector.status = 'revoked';
    for (const id of this.queues.get(connector.id) ?? []) {
      const command = this.commands.get(id);
      if (command?.status === 'pending') this.withdraw(command);
    }
    this.wakePollers(connector.id);
    this.emitConnector('connector.revoked', connector, nowMs);
    return connector;
  }

  heartbeat(organizationId: string, connectorId: string, input: HeartbeatInput, nowMs: number): ConnectorRecord {
    const connector = this.visible(organizationId, connectorId);
    assertNotRevoked(connector);
    connector.version = input.version;
    connector.hisReachable = input.hisReachable;
    if (input.roundTripP50Ms !== undefined) connector.roundTripP50Ms = input.roundTripP50Ms;
    if (input.roundTripP95Ms !== undefined) connector.roundTripP95Ms = input.roundTripP95Ms;
    connector.lastHeartbeatAtMs = nowMs;
    this.contact(connector, nowMs);
    return connector;
  }

  /** A poll, heartbeat or acknowledgement: the connector was seen now. */
  private contact(connector: ConnectorRecord, nowMs: number): void {
    connector.lastSeenAtMs = nowMs;
    this.refreshStatus(connector, nowMs);
    const next = nextStatusChangeAt(connector, nowMs, this.runtime.connector);
    if (next !== null && (connector.statusCheckAtMs === null || connector.statusCheckAtMs > next)) this.scheduleStatusCheck(connector, next);
  }

  /** Timer callback: a silent connector may have turned degraded or offline at `atMs`. */
  checkStatus(connectorId: string, atMs: number): void {
    const connector = this.connectors.get(connectorId);
    // A check superseded by an earlier one (after a contact) does nothing.
    if (!connector || connector.statusCheckAtMs !== atMs) return;
    connector.statusCheckAtMs = null;
    this.refreshStatus(connector, atMs);
    const next = nextStatusChangeAt(connector, atMs, this.runtime.connector);
    if (next !== null) this.scheduleStatusCheck(connector, next);
  }

  private scheduleStatusCheck(connector: ConnectorRecord, atMs: number): void {
    connector.statusCheckAtMs = atMs;
    this.timers.schedule({ atMs, kind: CONNECTOR_STATUS_TIMER, target: connector.id });
  }

  /** Emits `connector.status_changed` when the judged status differs from the last one announced. */
  private refreshStatus(connector: ConnectorRecord, atMs: number): void {
    const status = this.statusOf(connector, atMs);
    if (status === connector.status) return;
    connector.status = status;
    this.emitConnector('connector.status_changed', connector, atMs);
  }

  private emitConnector(type: 'connector.registered' | 'connector.status_changed' | 'connector.revoked', connector: ConnectorRecord, atMs: number): void {
    this.events.emit(type, { object: 'connector', id: connector.id, status: connector.status, organizationId: connector.organizationId }, atMs);
  }

  // ── Commands ──

  /** Queues a command for the connector and wakes its waiting poll. */
  enqueue(connector: ConnectorRecord, type: ConnectorOperation, naturalKey: string, payload: Record<string, unknown>, nowMs: number): CommandRecord {
    const command = pendingCommand({ id: this.ids.next('cmd'), connectorId: connector.id, type, naturalKey, payload, createdAtMs: nowMs });
    this.addCommand(command);
    this.wakePollers(connector.id);
    return command;
  }

  addCommand(command: CommandRecord): void {
    this.commands.set(command.id, command);
    const queue = this.queues.get(command.connectorId);
    if (queue) queue.push(command.id);
    else this.queues.set(command.connectorId, [command.id]);
  }

  /** Commands of the connector with this natural key (any status), oldest first. */
  commandsFor(connectorId: string, naturalKey: string): CommandRecord[] {
    return (this.queues.get(connectorId) ?? []).flatMap((id) => {
      const command = this.commands.get(id);
      return command && command.naturalKey === naturalKey ? [command] : [];
    });
  }

  /**
   * The agent's long poll: deliverable commands at once, oldest first; with none, waits (real time,
   * at most min(wait, maxPollWaitMs)) for one to be queued. Each delivery leases the command to the
   * session and counts an attempt.
   */
  async poll(organizationId: string, connectorId: string, options: { waitSeconds: number; session: string; limit: number }, nowMs: number): Promise<CommandRecord[]> {
    const connector = this.visible(organizationId, connectorId);
    assertNotRevoked(connector);
    this.contact(connector, nowMs);
    let batch = this.deliver(connector, options.session, options.limit);
    const waitMs = Math.min(options.waitSeconds * 1000, this.runtime.connector.maxPollWaitMs);
    if (batch.length === 0 && waitMs > 0) {
      await this.waitForCommand(connector.id, waitMs);
      if (connector.revokedAtMs === null) batch = this.deliver(connector, options.session, options.limit);
    }
    return batch;
  }

  private deliver(connector: ConnectorRecord, session: string, limit: number): CommandRecord[] {
    const now = this.runtime.realNow();
    const batch: CommandRecord[] = [];
    for (const id of this.queues.get(connector.id) ?? []) {
      if (batch.length >= limit) break;
      const command = this.commands.get(id);
      if (!command || !deliverable(command, session, now)) continue;
      command.leasedTo = session;
      command.leasedUntil = now + this.runtime.connector.leaseMs;
      command.attempt += 1;
      batch.push(command);
    }
    return batch;
  }

  private waitForCommand(connectorId: string, waitMs: number): Promise<void> {
    return new Promise((resolve) => {
      let waiters = this.pollers.get(connectorId);
      if (!waiters) this.pollers.set(connectorId, (waiters = new Set()));
      const set = waiters;
      const wake = () => {
        clearTimeout(timer);
        set.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, waitMs);
      set.add(wake);
    });
  }

  private wakePollers(connectorId: string): void {
    for (const wake of [...(this.pollers.get(connectorId) ?? [])]) wake();
  }

  /**
   * The agent's answer. The first acknowledgement wins; a repeated one (or one for a withdrawn
   * command) changes nothing and answers the command as it is.
   */
  acknowledge(organizationId: string, connectorId: string, commandId: string, input: AcknowledgeInput, nowMs: number): CommandRecord {
    const connector = this.visible(organizationId, connectorId);
    assertNotRevoked(connector);
    const command = this.commands.get(commandId);
    if (!command || command.connectorId !== connector.id) throw notFound('command', commandId);
    this.contact(connector, nowMs);
    if (command.status !== 'pending') return command;
    if (input.outcome === 'failed') {
      if (!input.error) throw validationFailed([{ pointer: '/body/error', code: 'required', message: 'a failed outcome needs the error' }]);
      command.status = 'failed';
      command.error = input.error;
    } else {
      const result = input.result ?? {};
      const needed = requiredResult(command.type);
      if (needed !== undefined && result[needed] === undefined) {
        throw validationFailed([{ pointer: `/body/result/${needed}`, code: 'required', message: `a succeeded ${command.type} needs ${needed}` }]);
      }
      command.status = 'succeeded';
      command.result = result;
    }
    command.leasedTo = null;
    this.settle(command, outcomeOf(command));
    this.acknowledged.emit(command, nowMs);
    return command;
  }

  /** Waits (real time, at most commandTimeoutMs) for the command's outcome. */
  awaitOutcome(command: CommandRecord): Promise<CommandOutcome> {
    if (command.status !== 'pending') return Promise.resolve(outcomeOf(command));
    return new Promise((resolve) => {
      const list = this.awaiting.get(command.id) ?? [];
      this.awaiting.set(command.id, list);
      const finish = (outcome: CommandOutcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        const index = list.indexOf(finish);
        if (index >= 0) list.splice(index, 1);
        resolve({ kind: 'timeout' });
      }, this.runtime.connector.commandTimeoutMs);
      list.push(finish);
    });
  }

  /** The caller gave up: a command never delivered is withdrawn; a delivered one is marked abandoned. */
  giveUp(command: CommandRecord): 'withdrawn' | 'abandoned' {
    if (command.status === 'pending' && command.attempt === 0) {
      this.withdraw(command);
      return 'withdrawn';
    }
    command.abandoned = true;
    return 'abandoned';
  }

  private withdraw(command: CommandRecord): void {
    command.status = 'withdrawn';
    command.leasedTo = null;
    this.settle(command, { kind: 'withdrawn' });
  }

  private settle(command: CommandRecord, outcome: CommandOutcome): void {
    const list = this.awaiting.get(command.id);
    this.awaiting.delete(command.id);
    for (const finish of list ?? []) finish(outcome);
  }

  commandsOf(connectorId: string): CommandRecord[] {
    return (this.queues.get(connectorId) ?? []).flatMap((id) => this.commands.get(id) ?? []);
  }

  // ── Record imports ──

  addImport(record: RecordImportRecord): void {
    this.imports.set(record.id, record);
    this.importsByPatient.add(record.patientId, record.id);
  }
}

/** A settled command's outcome. */
function outcomeOf(command: CommandRecord): CommandOutcome {
  if (command.status === 'succeeded') return { kind: 'succeeded', result: command.result ?? {} };
  if (command.status === 'failed') return { kind: 'failed', error: command.error ?? { code: 'UNKNOWN', message: 'no error reported' } };
  return { kind: 'withdrawn' };
}

/** What a succeeded acknowledgement must carry, by command type. */
function requiredResult(type: ConnectorOperation): keyof CommandResult | undefined {
  switch (type) {
    case 'registration.lock':
    case 'registration.confirm':
      return 'hisRegistrationNumber';
    case 'record.fetch':
      return 'documents';
    default:
      return undefined;
  }
}

/** A command as it is queued: pending, never delivered. */
export function pendingCommand(fields: Pick<CommandRecord, 'id' | 'connectorId' | 'type' | 'naturalKey' | 'payload' | 'createdAtMs'>): CommandRecord {
  return { ...fields, status: 'pending', attempt: 0, leasedTo: null, leasedUntil: 0, result: null, error: null, abandoned: false };
}
