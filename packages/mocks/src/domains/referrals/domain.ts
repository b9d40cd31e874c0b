/** The referrals domain: its routes, timers and state, built on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';

export function createReferralsDomain(services: PlatformServices): Domain {
  void services;
  return { routes: {} };
}
