/** The webhooks domain: endpoints, the delivery engine on the event feed, and two seeded endpoints of the sandbox. */
import { parseInstant } from '../../engine/clock.js';
import type { Domain, PlatformServices } from '../../services.js';
import { ATTEMPT_TIMER } from './model.js';
import { webhookRoutes } from './routes.js';
import { WebhookService } from './service.js';

export function createWebhooksDomain(services: PlatformServices): { domain: Domain; service: WebhookService } {
  const service = new WebhookService(services);
  seedWebhooks(service);
  const { routes, asyncRoutes } = webhookRoutes(service);
  return {
    service,
    domain: {
      routes,
      asyncRoutes,
      timers: { [ATTEMPT_TIMER]: (target, atMs) => service.fireAttempt(target, atMs) },
      snapshot: () => ({ webhookEndpoints: service.endpoints, webhookDeliveries: service.deliveries }),
    },
  };
}

/**
 * Qingtian People's Hospital (org_qtph) has two endpoints on the sandbox's simulated receiver
 * (`.example` hosts): one enabled for every event, one disabled earlier by hand.
 */
function seedWebhooks(service: WebhookService): void {
  const createdAtMs = parseInstant('2026-05-20T09:00:00+08:00');
  const base = { organizationId: 'org_qtph', previousSecret: null, failingSinceMs: null, createdAtMs, updatedAtMs: createdAtMs };
  service.endpoints.set('whe_qtph_his', {
    ...base,
    id: 'whe_qtph_his',
    url: 'https://his.qtph.example/careloop/webhooks',
    eventTypes: ['*'],
    description: 'HIS integration',
    status: 'enabled',
    disabledReason: null,
    secret: 'whsec_c2VjcmV0LWZvci10aGUtc2FuZGJveC1leGFtcGxlLTEyMw==',
  });
  service.endpoints.set('whe_qtph_legacy', {
    ...base,
    id: 'whe_qtph_legacy',
    url: 'https://legacy-his.qtph.example/hooks',
    eventTypes: ['*'],
    description: 'Old HIS integration',
    status: 'disabled',
    disabledReason: 'manual',
    secret: 'whsec_bGVnYWN5LXNlY3JldC1mb3ItdGhlLXNhbmRib3g=',
  });
}
