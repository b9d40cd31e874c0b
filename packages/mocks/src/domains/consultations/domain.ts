/** The consultations domain: its routes and state, built on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { consultationRoutes } from './routes.js';
import { seedConsultations } from './seed.js';
import { ConsultationService } from './service.js';
import { ConsultationStore } from './store.js';

export function createConsultationsDomain(services: PlatformServices): Domain {
  const store = new ConsultationStore();
  seedConsultations(store, services.encounters);
  const service = new ConsultationService(store, services);
  return {
    routes: consultationRoutes(service, services),
    snapshot: () => ({ consultations: store.consultations, consultationTasks: store.tasks }),
  };
}
