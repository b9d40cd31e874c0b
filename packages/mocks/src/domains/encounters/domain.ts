/** The encounters domain: its routes, timers and state, built on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { encounterRoutes } from './routes.js';
import { EncounterService } from './service.js';

export function createEncounterDomain(services: PlatformServices): Domain {
  return { routes: encounterRoutes(new EncounterService(services)) };
}
