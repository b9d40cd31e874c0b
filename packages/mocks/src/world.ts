/**
 * One platform's whole state, built from the seed: the domains, their indexes, the event feed,
 * tokens and timers, wired to the route table the engine dispatches to.
 */
import { AuditLog } from './engine/audit.js';
import { TokenStore } from './engine/auth.js';
import type { AsyncRouteTable, RouteTable } from './engine/context.js';
import { EventFeed } from './engine/events.js';
import { Hook } from './engine/hook.js';
import { IdFactory } from './engine/ids.js';
import { Ledger } from './engine/ledger.js';
import { TimerQueue } from './engine/timers.js';
import { sandboxClients, type SandboxClient } from './domains/auth/clients.js';
import { PatientRegistry, SANDBOX_OTP } from './domains/auth/patients.js';
import { authRoutes, checkGrantType } from './domains/auth/routes.js';
import { createChronicCareDomain } from './domains/chronic-care/domain.js';
import { createConsultationsDomain } from './domains/consultations/domain.js';
import { directoryRoutes } from './domains/directory/routes.js';
import { DirectoryState } from './domains/directory/state.js';
import { createEncounterDomain } from './domains/encounters/domain.js';
import { seedEncounters } from './domains/encounters/seed.js';
import { EncounterStore } from './domains/encounters/store.js';
import { eventRoutes } from './domains/events/routes.js';
import { OrderStore } from './domains/payments/store.js';
import { createPaymentsDomain } from './domains/payments/domain.js';
import { createPharmacyDomain } from './domains/pharmacy/domain.js';
import { createPharmacyMembersDomain } from './domains/pharmacy-members/domain.js';
import { InventoryStore } from './domains/pharmacy/inventory.js';
import { seedPharmacy } from './domains/pharmacy/seed.js';
import { createPrescriptionsDomain } from './domains/prescriptions/domain.js';
import { SEED_DRUGS } from './domains/prescriptions/drugs.js';
import { PrescriptionStore } from './domains/prescriptions/store.js';
import { createRecordsDomain } from './domains/records/domain.js';
import { seedRecords } from './domains/records/seed.js';
import { RecordsStore } from './domains/records/store.js';
import { createReferralsDomain } from './domains/referrals/domain.js';
import { createInsuranceDomain } from './domains/insurance/domain.js';
import { createProcurementDomain } from './domains/procurement/domain.js';
import { createNationalInsuranceDomain } from './domains/national-insurance/domain.js';
import { schedulingRoutes } from './domains/scheduling/routes.js';
import { seedScheduling } from './domains/scheduling/seed.js';
import { HOLD_EXPIRY_TIMER, SchedulingService } from './domains/scheduling/service.js';
import { SchedulingStore } from './domains/scheduling/store.js';
import { defaultRuntime, type Domain, type PlatformHooks, type PlatformRuntime, type PlatformServices } from './services.js';
import { createAiDomain } from './domains/ai/domain.js';
import { AiSuggestionStore } from './domains/ai/store.js';
import { createTrainingDomain } from './domains/training/domain.js';
import { createConnectorsDomain } from './domains/connectors/domain.js';
import { ConnectorRelay } from './domains/connectors/relay.js';
import { createRelayedScheduling } from './domains/scheduling/relayed.js';

export interface SandboxPatient {
  patientId: string;
  name: string;
  mobile: string;
  otp: string;
}

export interface World {
  ids: IdFactory;
  tokens: TokenStore;
  /** Every handler by operationId, synchronous or waiting for a party outside the platform. */
  routes: Record<string, RouteTable[string] | AsyncRouteTable[string]>;
  /** Checks that run before schema validation, by operationId. */
  preValidation: Record<string, (body: unknown) => void>;
  /** Fires every timer due at or before `nowMs`, each at its own time. */
  runDueTimers(nowMs: number): void;
  clients: SandboxClient[];
  patients: SandboxPatient[];
  /** The domain state, for digests. */
  snapshot(): unknown;
}

/**
 * The platform's services and shared stores, seeded: what every domain is built on. Tests that call
 * a domain directly build them the same way.
 */
export function createServices(seed: string, runtime: PlatformRuntime = defaultRuntime()): PlatformServices {
  const ids = new IdFactory(seed);
  const events = new EventFeed();
  const timers = new TimerQueue();
  const directory = new DirectoryState();
  const patients = new PatientRegistry();
  const hooks: PlatformHooks = { orderPaid: new Hook(), appointmentCancelled: new Hook(), paymentFailed: new Hook(), reportWritten: new Hook() };
  const store = new SchedulingStore();
  const scheduling = new SchedulingService(store, directory, events, ids, timers, hooks.appointmentCancelled);
  seedScheduling({ store, ids, timers, seed, backgroundPatientIds: patients.background.map((p) => p.id) });

  // The care loop (PLATFORM.md §4–8): shared encounter and record stores, one domain per folder.
  const encounters = new EncounterStore();
  const records = new RecordsStore();
  seedEncounters(encounters);
  seedRecords(records);
  return {
    runtime,
    ids,
    events,
    timers,
    audit: new AuditLog(),
    directory,
    patients,
    scheduling: { store, service: scheduling },
    encounters,
    records,
    drugs: new Map(SEED_DRUGS.map((drug) => [drug.id, drug])),
    prescriptions: new PrescriptionStore(),
    inventory: new InventoryStore(),
    orders: new OrderStore(),
    ledger: new Ledger(),
    hooks,
    aiSuggestions: new AiSuggestionStore(),
    connectors: new ConnectorRelay(runtime, ids, events, timers),
  };
}

export function createWorld(seed: string, runtime: PlatformRuntime = defaultRuntime()): World {
  const services = createServices(seed, runtime);
  const { ids, events, timers, audit, directory, patients, encounters, records } = services;
  const { store, service: scheduling } = services.scheduling;
  const tokens = new TokenStore();
  const clients = sandboxClients(directory);
  const careDomains: Domain[] = [
    createEncounterDomain(services),
    createRecordsDomain(services),
    createPrescriptionsDomain(services),
    createPharmacyDomain(services),
    createConsultationsDomain(services),
    createReferralsDomain(services),
    createInsuranceDomain(services),
    createPaymentsDomain(services),
    createProcurementDomain(services),
    createPharmacyMembersDomain(services),
    createChronicCareDomain(services),
    createAiDomain(services),
    createTrainingDomain(services),
    createNationalInsuranceDomain(services),
    createConnectorsDomain(services),
    { routes: {}, ...createRelayedScheduling(services) },
  ];
  seedPharmacy(services);

  const timerHandlers: Record<string, (target: string, atMs: number) => void> = {
    [HOLD_EXPIRY_TIMER]: (target, atMs) => scheduling.expireHold(target, atMs),
  };
  for (const domain of careDomains) Object.assign(timerHandlers, domain.timers);

  const routes: Record<string, RouteTable[string] | AsyncRouteTable[string]> = {
    ...authRoutes({ clients: () => clients, patients, tokens, ids }),
    ...directoryRoutes(directory),
    ...schedulingRoutes(store, scheduling),
    ...eventRoutes(events),
  };
  for (const domain of careDomains) Object.assign(routes, domain.routes, domain.asyncRoutes);

  return {
    ids,
    tokens,
    routes,
    preValidation: { createToken: checkGrantType },
    runDueTimers(nowMs) {
      for (let timer = timers.popDue(nowMs); timer; timer = timers.popDue(nowMs)) {
        timerHandlers[timer.kind]?.(timer.target, timer.atMs);
      }
    },
    clients,
    patients: patients.named.flatMap((p) =>
      p.mobile === null || p.name === null ? [] : [{ patientId: p.id, name: p.name, mobile: p.mobile, otp: SANDBOX_OTP }],
    ),
    snapshot: () => ({
      patients: [...patients.all()],
      schedules: store.schedules,
      slots: store.slots,
      appointments: store.appointments,
      encounters: encounters.encounters,
      messages: encounters.messages,
      documents: records.documents,
      observations: records.observations,
      consents: records.consents,
      audit: audit.all(),
      prescriptions: services.prescriptions.prescriptions,
      inventory: services.inventory.items,
      orders: services.orders.orders,
      ledger: services.ledger.all(),
      ...Object.assign({}, ...careDomains.map((domain) => domain.snapshot?.() ?? {})),
      events: events.all(),
    }),
  };
}
