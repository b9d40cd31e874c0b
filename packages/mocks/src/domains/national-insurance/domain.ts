/** The national-insurance domain: settlements of online visits with the simulated national platform, on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { nationalInsuranceRoutes } from './routes.js';
import { seedNationalInsurance } from './seed.js';
import { NationalInsuranceService } from './service.js';
import { SettlementStore } from './store.js';

export function createNationalInsuranceDomain(services: PlatformServices): Domain {
  const store = new SettlementStore();
  seedNationalInsurance(store, services);
  const service = new NationalInsuranceService(store, services);
  return {
    routes: nationalInsuranceRoutes(service),
    snapshot: () => ({ nationalInsuranceSettlements: store.settlements, personalAccounts: store.personalAccountFen }),
  };
}
