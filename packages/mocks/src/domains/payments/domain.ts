/** The payments domain: orders, payments, refunds and settlement statements, built on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { PaymentStore } from './payment-store.js';
import { paymentRoutes } from './routes.js';
import { seedPayments } from './seed.js';
import { ORDER_EXPIRY_TIMER, PaymentService } from './service.js';

export function createPaymentsDomain(services: PlatformServices): Domain {
  const store = new PaymentStore();
  seedPayments(store, services);
  const service = new PaymentService(store, services);
  return {
    routes: paymentRoutes(service, services.ledger),
    timers: { [ORDER_EXPIRY_TIMER]: (target, atMs) => service.expireOrder(target, atMs) },
    snapshot: () => ({ payments: store.payments, refunds: store.refunds }),
  };
}
