/** The chronic-care domain: its routes, follow-up timer and state, built on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { chronicCareRoutes } from './routes.js';
import { seedChronicCare } from './seed.js';
import { ChronicCareService, FOLLOW_UP_DUE_TIMER } from './service.js';
import { ChronicCareStore } from './store.js';

export function createChronicCareDomain(services: PlatformServices): Domain {
  const store = new ChronicCareStore();
  seedChronicCare(store, services.timers);
  const service = new ChronicCareService(store, services);
  return {
    routes: chronicCareRoutes(service, services),
    timers: { [FOLLOW_UP_DUE_TIMER]: (target, atMs) => service.taskDue(target, atMs) },
    snapshot: () => ({ careProgrammes: store.programmes, careProgrammeEnrolments: store.enrolments, measurements: store.measurements, followUpTasks: store.tasks }),
  };
}
