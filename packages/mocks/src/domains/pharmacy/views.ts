/** Records → the spec's InventoryItem shape, keys in the spec's order. */
import { formatLocal } from '../../engine/clock.js';
import type { InventoryItemRecord } from './inventory.js';

export function inventoryItemView(item: InventoryItemRecord) {
  return {
    id: item.id,
    pharmacyId: item.pharmacyId,
    drugId: item.drugId,
    onHand: item.onHand,
    reserved: item.reserved,
    available: item.onHand - item.reserved,
    unitPrice: { amountFen: item.unitPriceFen, currency: 'CNY' as const },
    lots: item.lots.map((lot) => ({ lotNumber: lot.lotNumber, expiryDate: lot.expiryDate, quantity: lot.quantity })),
    updatedAt: formatLocal(item.updatedAtMs),
  };
}
