/** The referrals domain: its routes and state, built on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { referralRoutes } from './routes.js';
import { seedReferrals } from './seed.js';
import { ReferralService } from './service.js';
import { ReferralStore } from './store.js';

export function createReferralsDomain(services: PlatformServices): Domain {
  const store = new ReferralStore();
  seedReferrals(store, services.records);
  const service = new ReferralService(store, services);
  return { routes: referralRoutes(service, services), snapshot: () => ({ referrals: store.referrals }) };
}
