/** The prescriptions domain: its routes, the expiry timer and the seeded prescriptions, on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { prescriptionRoutes } from './routes.js';
import { seedPrescriptionStore } from './seed.js';
import { PRESCRIPTION_EXPIRY_TIMER, PrescriptionService } from './service.js';

export function createPrescriptionsDomain(services: PlatformServices): Domain {
  seedPrescriptionStore(services);
  const service = new PrescriptionService(services);
  return {
    routes: prescriptionRoutes(services, service),
    timers: { [PRESCRIPTION_EXPIRY_TIMER]: (target, atMs) => service.expire(target, atMs) },
  };
}
