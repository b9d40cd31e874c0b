/** Records → the spec's InventoryItem and DeclinedRouting shapes, keys in the spec's order. (Prescriptions: prescriptions/views.ts.) */
import { money } from '../../engine/money.js';
import { formatLocal } from '../../engine/clock.js';
import type { RoutingRecord } from '../prescriptions/model.js';
import type { InventoryItemRecord } from './inventory.js';

export function inventoryItemView(item: InventoryItemRecord) {
  return {
    id: item.id,
    pharmacyId: item.pharmacyId,
    drugId: item.drugId,
    onHand: item.onHand,
    reserved: item.reserved,
    available: item.onHand - item.reserved,
    unitPrice: money(item.unitPriceFen),
    lots: item.lots.map((lot) => ({ lotNumber: lot.lotNumber, expiryDate: lot.expiryDate, quantity: lot.quantity })),
    updatedAt: formatLocal(item.updatedAtMs),
  };
}

export function declinedRoutingView(prescriptionId: string, routing: RoutingRecord, declinedAtMs: number) {
  const rejection = routing.rejection;
  if (!rejection) throw new Error(`The routing of ${prescriptionId} was declined without a reason`);
  return {
    prescriptionId,
    pharmacyId: routing.pharmacyId,
    method: routing.method,
    status: 'rejected' as const,
    rejection: { reason: rejection.reason, note: rejection.note },
    requestedAt: formatLocal(routing.requestedAtMs),
    declinedAt: formatLocal(declinedAtMs),
  };
}
