/**
 * What a domain gets from the platform (its services and the stores other domains share) and what
 * it gives back (its routes, timer handlers and state for digests). world.ts builds one of each.
 */
import type { AuditLog } from './engine/audit.js';
import type { AsyncRouteTable, RouteTable } from './engine/context.js';
import type { EventFeed } from './engine/events.js';
import type { Hook } from './engine/hook.js';
import type { IdFactory } from './engine/ids.js';
import type { Ledger } from './engine/ledger.js';
import type { TimerQueue } from './engine/timers.js';
import type { PatientRegistry } from './domains/auth/patients.js';
import type { DirectoryState } from './domains/directory/state.js';
import type { EncounterStore } from './domains/encounters/store.js';
import type { OrderRecord } from './domains/payments/model.js';
import type { PaymentRecord } from './domains/payments/model.js';
import type { OrderStore } from './domains/payments/store.js';
import type { InventoryStore } from './domains/pharmacy/inventory.js';
import type { Drug } from './domains/prescriptions/drugs.js';
import type { PrescriptionStore } from './domains/prescriptions/store.js';
import type { RecordsStore } from './domains/records/store.js';
import type { AppointmentRecord } from './domains/scheduling/model.js';
import type { SchedulingService } from './domains/scheduling/service.js';
import type { SchedulingStore } from './domains/scheduling/store.js';
import type { AiSuggestionStore } from './domains/ai/store.js';
import type { ConnectorRelay } from './domains/connectors/relay.js';
import type { DocumentRecord } from './domains/records/model.js';

/**
 * What the platform needs from outside its own state. Business time is the mock clock; these are
 * the network and the real-time limits of network mechanics (a long poll's wait, how long a caller
 * waits for a hospital's HIS), which no mock clock can stand in for.
 */
export interface PlatformRuntime {
  /** How the platform calls out: webhook deliveries and challenges. Default: the global fetch. */
  outboundFetch: (request: Request) => Promise<Response>;
  /** Real, monotonic milliseconds, for those waits only. */
  realNow: () => number;
  connector: ConnectorTimings;
}

/** The connector relay's limits. Tests shorten them; the defaults are production's. */
export interface ConnectorTimings {
  /** Real ms a caller waits for the HIS's answer before 504 UPSTREAM_TIMEOUT. Default 10 000. */
  commandTimeoutMs: number;
  /** Real ms a delivered command stays leased to the agent before it is delivered again. Default 30 000. */
  leaseMs: number;
  /** Real ms a long poll waits at most, whatever its `wait` asks. Default 30 000. */
  maxPollWaitMs: number;
  /** Platform-clock ms without contact after which a connector is `degraded`. Default 30 000. */
  degradedAfterMs: number;
  /** Platform-clock ms without contact after which a connector is `offline`. Default 90 000. */
  offlineAfterMs: number;
}

export const DEFAULT_CONNECTOR_TIMINGS: ConnectorTimings = {
  commandTimeoutMs: 10_000,
  leaseMs: 30_000,
  maxPollWaitMs: 30_000,
  degradedAfterMs: 30_000,
  offlineAfterMs: 90_000,
};

export function defaultRuntime(overrides: { outboundFetch?: PlatformRuntime['outboundFetch']; connector?: Partial<ConnectorTimings> } = {}): PlatformRuntime {
  return {
    outboundFetch: overrides.outboundFetch ?? ((request) => fetch(request)),
    realNow: () => performance.now(),
    connector: { ...DEFAULT_CONNECTOR_TIMINGS, ...overrides.connector },
  };
}

export interface PlatformServices {
  /** The network and real-time limits (see PlatformRuntime). */
  runtime: PlatformRuntime;
  ids: IdFactory;
  events: EventFeed;
  timers: TimerQueue;
  audit: AuditLog;
  directory: DirectoryState;
  patients: PatientRegistry;
  scheduling: { store: SchedulingStore; service: SchedulingService };
  /** Shared stores: several domains read (and some write) encounters and records. */
  encounters: EncounterStore;
  records: RecordsStore;
  /** The drug catalogue, by id (seed data: `domains/prescriptions/drugs.ts`). */
  drugs: ReadonlyMap<string, Drug>;
  /** Written by the prescriptions domain (prescribing, review, routing) and the pharmacy domain (fulfilment). */
  prescriptions: PrescriptionStore;
  /** Pharmacies' stock: the pharmacy domain syncs it; accepting, dispensing, cancelling and expiry move reservations. */
  inventory: InventoryStore;
  /** Orders (payments domain); national and commercial insurance read and split them. */
  orders: OrderStore;
  /** Every fen that moved, append-only: settlement statements sum it. */
  ledger: Ledger;
  /** Facts one domain announces and others react to, synchronously. */
  hooks: PlatformHooks;
  /** Decision-support suggestions (ai domain); prescribing checks BR-AI-1 against them. */
  aiSuggestions: AiSuggestionStore;
  /** Hospitals' connectors and the commands relayed to their HIS (scheduling awaits locks and confirmations through it). */
  connectors: ConnectorRelay;
}

export interface PlatformHooks {
  /** An order's patient share is fully paid (the payments domain emits it). */
  orderPaid: Hook<[order: OrderRecord, atMs: number]>;
  /** An appointment was cancelled, with its refund decided by scheduling (BR-SCH-5). */
  appointmentCancelled: Hook<[appointment: AppointmentRecord, atMs: number]>;
  /** A patient's payment failed (the payments domain emits it; national insurance reverses a pre-settled split: BR-NHI-1). */
  paymentFailed: Hook<[order: OrderRecord, payment: PaymentRecord, atMs: number]>;
  /** A report or opinion was written for another hospital (the connectors domain pushes it into that hospital's HIS). */
  reportWritten: Hook<[document: DocumentRecord, forOrganizationId: string, atMs: number]>;
}

export type TimerHandler = (target: string, atMs: number) => void;

export interface Domain {
  /** Route handlers by operationId. */
  routes: RouteTable;
  /** Handlers by operationId that wait for a party outside the platform (the HIS, a webhook receiver). */
  asyncRoutes?: AsyncRouteTable;
  /** Timer handlers by timer kind. */
  timers?: Record<string, TimerHandler>;
  /** The domain's state, for the platform digest. */
  snapshot?: () => Record<string, unknown>;
}
