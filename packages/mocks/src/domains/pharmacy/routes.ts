/** Pharmacy operations, keyed by operationId: read the request, call the service, shape the answer. */
import { pathParam, queryBoolean, queryNumber, queryString, requireCaller, type HandlerContext, type RouteTable } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import { prescriptionView } from '../prescriptions/views.js';
import type { InventoryItemRecord } from './inventory.js';
import type { SyncLine } from './rules.js';
import type { DeclineInput, DeliveryUpdateInput, DispenseInput, PharmacyService, ShipInput } from './service.js';
import { declinedRoutingView, inventoryItemView } from './views.js';

/** The calling pharmacy: the spec lets only organization tokens reach these operations. */
function pharmacyOnly(context: HandlerContext): string {
  const caller = requireCaller(context);
  if (caller.kind !== 'organization') throw new Error('pharmacy operation reached by a patient token');
  return caller.organizationId;
}

const byDrug = (item: InventoryItemRecord) => [item.drugId];

export function pharmacyRoutes(service: PharmacyService): RouteTable {
  return {
    listInventory(context) {
      const { query } = context;
      const items = service.searchInventory(pharmacyOnly(context), { drugId: queryString(query, 'drugId'), lowStock: queryBoolean(query, 'lowStock') });
      const page = { limit: queryNumber(query, 'limit'), cursor: queryString(query, 'cursor') };
      return { status: 200, body: paginate(items, { keyOf: byDrug, view: inventoryItemView, ...page }) };
    },

    getInventoryItem(context) {
      return { status: 200, body: inventoryItemView(service.visibleItem(pharmacyOnly(context), pathParam(context, 'inventoryItemId'))) };
    },

    syncInventory(context) {
      const { reference, items } = context.body as { reference?: string; items: SyncLine[] };
      const synced = service.syncInventory(pharmacyOnly(context), items, context.nowMs);
      return { status: 200, body: { reference: reference ?? null, data: synced.map(inventoryItemView) } };
    },

    acceptPrescription(context) {
      const pharmacistId = (context.body as { pharmacistId?: string } | undefined)?.pharmacistId;
      return { status: 200, body: prescriptionView(service.accept(pharmacyOnly(context), pathParam(context, 'prescriptionId'), pharmacistId, context.nowMs)) };
    },

    declinePrescription(context) {
      const { routing, prescription } = service.decline(pharmacyOnly(context), pathParam(context, 'prescriptionId'), context.body as DeclineInput, context.nowMs);
      return { status: 200, body: declinedRoutingView(prescription.id, routing, context.nowMs) };
    },

    dispensePrescription(context) {
      return { status: 200, body: prescriptionView(service.dispense(pharmacyOnly(context), pathParam(context, 'prescriptionId'), context.body as DispenseInput, context.nowMs)) };
    },

    handOverPrescription(context) {
      return { status: 200, body: prescriptionView(service.handOver(pharmacyOnly(context), pathParam(context, 'prescriptionId'), context.nowMs)) };
    },

    shipPrescription(context) {
      return { status: 200, body: prescriptionView(service.ship(pharmacyOnly(context), pathParam(context, 'prescriptionId'), context.body as ShipInput, context.nowMs)) };
    },

    updatePrescriptionDelivery(context) {
      const input = context.body as DeliveryUpdateInput;
      return { status: 200, body: prescriptionView(service.updateDelivery(pharmacyOnly(context), pathParam(context, 'prescriptionId'), input, context.nowMs)) };
    },
  };
}
