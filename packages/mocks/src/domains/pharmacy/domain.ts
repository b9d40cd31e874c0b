/** The pharmacy domain (prescription inbox, dispensing, delivery, inventory), on the shared prescription and inventory stores. */
import type { Domain, PlatformServices } from '../../services.js';

export function createPharmacyDomain(services: PlatformServices): Domain {
  void services;
  return { routes: {} };
}
