/** The commercial-insurance domain: plans, coverages, eligibility and claims, built on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { insuranceRoutes } from './routes.js';
import { seedInsurance } from './seed.js';
import { CLAIM_ADJUDICATION_TIMER, CLAIM_QUEUE_TIMER, COVERAGE_EXPIRY_TIMER, InsuranceService } from './service.js';
import { InsuranceStore } from './store.js';

export function createInsuranceDomain(services: PlatformServices): Domain {
  const store = new InsuranceStore();
  const service = new InsuranceService(store, services);
  seedInsurance(store, service, services);
  // A paid premium order activates its coverage in the same step.
  services.hooks.orderPaid.on((order, atMs) => service.onOrderPaid(order, atMs));
  return {
    routes: insuranceRoutes(service, services),
    timers: {
      [COVERAGE_EXPIRY_TIMER]: (target, atMs) => service.expireCoverage(target, atMs),
      [CLAIM_QUEUE_TIMER]: (target, atMs) => service.queueClaim(target, atMs),
      [CLAIM_ADJUDICATION_TIMER]: (target, atMs) => service.adjudicateClaim(target, atMs),
    },
    snapshot: () => ({ plans: store.plans, coverages: store.coverages, claims: store.claims }),
  };
}
