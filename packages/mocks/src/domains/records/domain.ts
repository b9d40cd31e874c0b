/** The records domain: its routes, timers and state, built on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { recordsRoutes } from './routes.js';
import { RecordsService } from './service.js';

export function createRecordsDomain(services: PlatformServices): Domain {
  return { routes: recordsRoutes(new RecordsService(services)) };
}
