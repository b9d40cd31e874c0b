/** Webhook endpoint operations, keyed by operationId. Creating and changing the URL await the receiver's challenge. */
import { organizationOnly, page, pathParam, queryString, type AsyncRouteTable, type RouteTable } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { EndpointInput, WebhookService } from './service.js';
import { deliveryView, endpointView } from './views.js';

export function webhookRoutes(service: WebhookService): { routes: RouteTable; asyncRoutes: AsyncRouteTable } {
  const view = (endpoint: Parameters<typeof endpointView>[0], nowMs: number) => endpointView(endpoint, service.previousSecretExpiry(endpoint, nowMs));
  return {
    routes: {
      listWebhookEndpoints(context) {
        const body = paginate(service.list(organizationOnly(context)), {
          keyOf: (endpoint) => [endpoint.createdAtMs, endpoint.id],
          view: (endpoint) => view(endpoint, context.nowMs),
          ...page(context),
        });
        return { status: 200, body };
      },

      getWebhookEndpoint(context) {
        return { status: 200, body: view(service.visible(organizationOnly(context), pathParam(context, 'endpointId')), context.nowMs) };
      },

      deleteWebhookEndpoint(context) {
        const id = pathParam(context, 'endpointId');
        service.delete(organizationOnly(context), id);
        return { status: 200, body: { id, deleted: true } };
      },

      rotateWebhookEndpointSecret(context) {
        const { previousSecretValidSeconds } = (context.body ?? {}) as { previousSecretValidSeconds?: number };
        const endpoint = service.rotateSecret(organizationOnly(context), pathParam(context, 'endpointId'), previousSecretValidSeconds, context.nowMs);
        return { status: 200, body: { ...view(endpoint, context.nowMs), secret: endpoint.secret } };
      },

      disableWebhookEndpoint(context) {
        return { status: 200, body: view(service.disable(organizationOnly(context), pathParam(context, 'endpointId'), context.nowMs), context.nowMs) };
      },

      enableWebhookEndpoint(context) {
        return { status: 200, body: view(service.enable(organizationOnly(context), pathParam(context, 'endpointId'), context.nowMs), context.nowMs) };
      },

      listWebhookDeliveries(context) {
        const endpoint = service.visible(organizationOnly(context), pathParam(context, 'endpointId'));
        const status = queryString(context.query, 'status');
        const eventType = queryString(context.query, 'eventType');
        const matching = service
          .deliveriesOf(endpoint)
          .filter((delivery) => (status === undefined || delivery.status === status) && (eventType === undefined || delivery.event.type === eventType));
        // Newest first.
        const body = paginate(matching, { keyOf: (delivery) => [-delivery.sequence], view: deliveryView, ...page(context) });
        return { status: 200, body };
      },
    },
    asyncRoutes: {
      async createWebhookEndpoint(context) {
        const body = context.body as { url: string; eventTypes: string[]; description?: string };
        const input: EndpointInput = { url: body.url, eventTypes: body.eventTypes, description: body.description ?? null };
        const endpoint = await service.create(organizationOnly(context), input, context.nowMs);
        return { status: 201, body: { ...view(endpoint, context.nowMs), secret: endpoint.secret } };
      },

      async updateWebhookEndpoint(context) {
        const changes = context.body as Partial<EndpointInput>;
        const endpoint = await service.update(organizationOnly(context), pathParam(context, 'endpointId'), changes, context.nowMs);
        return { status: 200, body: view(endpoint, context.nowMs) };
      },
    },
  };
}
