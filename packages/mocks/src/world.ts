/**
 * One platform's whole state, built from the seed: the domains, their indexes, the event feed,
 * tokens and timers, wired to the route table the engine dispatches to.
 */
import { TokenStore } from './engine/auth.js';
import type { RouteTable } from './engine/context.js';
import { EventFeed } from './engine/events.js';
import { IdFactory } from './engine/ids.js';
import { TimerQueue } from './engine/timers.js';
import { sandboxClients, type SandboxClient } from './domains/auth/clients.js';
import { PatientRegistry, SANDBOX_OTP } from './domains/auth/patients.js';
import { authRoutes, checkGrantType } from './domains/auth/routes.js';
import { directoryRoutes } from './domains/directory/routes.js';
import { DirectoryState } from './domains/directory/state.js';
import { eventRoutes } from './domains/events/routes.js';
import { schedulingRoutes } from './domains/scheduling/routes.js';
import { seedScheduling } from './domains/scheduling/seed.js';
import { HOLD_EXPIRY_TIMER, SchedulingService } from './domains/scheduling/service.js';
import { SchedulingStore } from './domains/scheduling/store.js';

export interface SandboxPatient {
  patientId: string;
  name: string;
  mobile: string;
  otp: string;
}

export interface World {
  ids: IdFactory;
  tokens: TokenStore;
  routes: RouteTable;
  /** Checks that run before schema validation, by operationId. */
  preValidation: Record<string, (body: unknown) => void>;
  /** Fires every timer due at or before `nowMs`, each at its own time. */
  runDueTimers(nowMs: number): void;
  clients: SandboxClient[];
  patients: SandboxPatient[];
  /** The domain state, for digests. */
  snapshot(): unknown;
}

export function createWorld(seed: string): World {
  const ids = new IdFactory(seed);
  const tokens = new TokenStore();
  const events = new EventFeed();
  const timers = new TimerQueue();
  const directory = new DirectoryState();
  const patients = new PatientRegistry();
  const store = new SchedulingStore();
  const scheduling = new SchedulingService(store, directory, events, ids, timers);
  seedScheduling({ store, ids, timers, seed, backgroundPatientIds: patients.background.map((p) => p.id) });
  const clients = sandboxClients(directory);

  const timerHandlers: Record<string, (target: string, atMs: number) => void> = {
    [HOLD_EXPIRY_TIMER]: (target, atMs) => scheduling.expireHold(target, atMs),
  };

  const routes: RouteTable = {
    ...authRoutes({ clients: () => clients, patients, tokens, ids }),
    ...directoryRoutes(directory),
    ...schedulingRoutes(store, scheduling),
    ...eventRoutes(events),
  };

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
      events: events.all(),
    }),
  };
}
