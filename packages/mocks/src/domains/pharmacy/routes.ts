/** Pharmacy operations, keyed by operationId: read the request, call the service, shape the answer. */
import { pathParam, queryBoolean, queryNumber, queryString, requireCaller, type HandlerContext, type RouteTable } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { InventoryItemRecord } from './inventory.js';
import type { SyncLine } from './rules.js';
import type { PharmacyService } from './service.js';
import { inventoryItemView } from './views.js';

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
  };
}
