/**
 * For the care-in-the-alliance tests: the platform's services built from the seed, as world.ts
 * builds them, so a test can call a domain directly and look into the shared stores (prescriptions,
 * records, audit) that have no operation of their own yet.
 */
import type { Caller } from '../../engine/auth.js';
import { AuditLog } from '../../engine/audit.js';
import type { HandlerContext } from '../../engine/context.js';
import { EventFeed } from '../../engine/events.js';
import { IdFactory } from '../../engine/ids.js';
import { TimerQueue } from '../../engine/timers.js';
import type { PlatformServices } from '../../services.js';
import { PatientRegistry } from '../auth/patients.js';
import { DirectoryState } from '../directory/state.js';
import { seedEncounters } from '../encounters/seed.js';
import { EncounterStore } from '../encounters/store.js';
import { InventoryStore } from '../pharmacy/inventory.js';
import { SEED_DRUGS } from '../prescriptions/drugs.js';
import { PrescriptionStore } from '../prescriptions/store.js';
import { seedRecords } from '../records/seed.js';
import { RecordsStore } from '../records/store.js';
import { seedScheduling } from '../scheduling/seed.js';
import { SchedulingService } from '../scheduling/service.js';
import { SchedulingStore } from '../scheduling/store.js';

export const SEEDED_NOW = Date.parse('2026-06-01T08:00:00+08:00');

export function seededServices(seed = 'careloop'): PlatformServices {
  const ids = new IdFactory(seed);
  const events = new EventFeed();
  const timers = new TimerQueue();
  const directory = new DirectoryState();
  const patients = new PatientRegistry();
  const store = new SchedulingStore();
  const scheduling = new SchedulingService(store, directory, events, ids, timers);
  seedScheduling({ store, ids, timers, seed, backgroundPatientIds: patients.background.map((p) => p.id) });
  const encounters = new EncounterStore();
  const records = new RecordsStore();
  seedEncounters(encounters);
  seedRecords(records);
  return {
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
  };
}

export function organizationCaller(organizationId: string): Caller {
  return { kind: 'organization', subject: `cli_${organizationId.replace(/^org_/, '')}`, organizationId, scopes: [] };
}

/** A handler context for a direct call (the request is taken as already validated). */
export function directContext(caller: Caller, path: Record<string, string>, body?: unknown, nowMs = SEEDED_NOW): HandlerContext {
  return { caller, path, query: {}, body, nowMs };
}
