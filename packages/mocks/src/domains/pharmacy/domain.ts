/** The pharmacy domain (prescription inbox, dispensing, delivery, inventory), on the shared prescription and inventory stores. */
import type { Domain, PlatformServices } from '../../services.js';
import { pharmacyRoutes } from './routes.js';
import { PharmacyService } from './service.js';

export function createPharmacyDomain(services: PlatformServices): Domain {
  return { routes: pharmacyRoutes(new PharmacyService(services)) };
}
