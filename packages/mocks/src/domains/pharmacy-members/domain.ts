/** The pharmacy-membership domain: its routes and state, built on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { membershipRoutes } from './routes.js';
import { seedMemberships } from './seed.js';
import { MembershipService } from './service.js';
import { MembershipStore } from './store.js';

export function createPharmacyMembersDomain(services: PlatformServices): Domain {
  const store = new MembershipStore();
  seedMemberships(store);
  const service = new MembershipService(store, services);
  return { routes: membershipRoutes(service), snapshot: () => ({ pharmacyMemberships: store.memberships }) };
}
