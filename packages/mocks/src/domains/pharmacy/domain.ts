/** The pharmacy domain (prescription inbox, dispensing, delivery, inventory), on the prescriptions domain's store. */
import type { Domain, PlatformServices } from '../../services.js';
import type { createPrescriptionsDomain } from '../prescriptions/domain.js';

export function createPharmacyDomain(services: PlatformServices, prescriptions: ReturnType<typeof createPrescriptionsDomain>): Domain {
  void services;
  void prescriptions;
  return { routes: {} };
}
