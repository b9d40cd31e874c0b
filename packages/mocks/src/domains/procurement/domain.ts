/** The group-procurement domain: its routes, close timer and state, built on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { procurementRoutes } from './routes.js';
import { seedProcurement } from './seed.js';
import { CAMPAIGN_CLOSE_TIMER, ProcurementService } from './service.js';
import { ProcurementStore } from './store.js';

export function createProcurementDomain(services: PlatformServices): Domain {
  const store = new ProcurementStore();
  seedProcurement(store, services);
  const service = new ProcurementService(store, services);
  return {
    routes: procurementRoutes(service),
    timers: { [CAMPAIGN_CLOSE_TIMER]: (target, atMs) => service.closeAtDeadline(target, atMs) },
    snapshot: () => ({ procurementCampaigns: store.campaigns, procurementCommitments: store.commitments, purchaseOrders: store.purchaseOrders }),
  };
}
