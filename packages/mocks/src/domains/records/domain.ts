/** The records domain: its routes, timers and state, built on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';

export function createRecordsDomain(services: PlatformServices): Domain {
  void services;
  return { routes: {} };
}
