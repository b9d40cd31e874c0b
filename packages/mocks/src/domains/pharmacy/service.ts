/**
 * Pharmacy operations: tenancy, the rules of rules.ts, and their effects (stock, prescription
 * state, events). Every method is synchronous, so each check and the change it guards happen atomically.
 */
import { notFound } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import type { InventoryItemRecord } from './inventory.js';
import { assertCountCoversReservations, assertSyncLinesValid, stockStatus, type SyncLine } from './rules.js';

export interface InventoryQuery {
  drugId?: string | undefined;
  lowStock?: boolean | undefined;
}

export class PharmacyService {
  constructor(private readonly services: PlatformServices) {}

  // ── Inventory ──

  searchInventory(pharmacyId: string, query: InventoryQuery): InventoryItemRecord[] {
    const { inventory } = this.services;
    const candidates =
      query.drugId === undefined ? [...inventory.byPharmacy.get(pharmacyId)].flatMap((id) => inventory.items.get(id) ?? []) : [inventory.find(pharmacyId, query.drugId)].flatMap((item) => item ?? []);
    if (query.lowStock === undefined) return candidates;
    return candidates.filter((item) => (stockStatus(item) !== 'in-stock') === query.lowStock);
  }

  /** A pharmacy sees only its own stock: another's item is not there. */
  visibleItem(pharmacyId: string, id: string): InventoryItemRecord {
    const item = this.services.inventory.items.get(id);
    if (!item || item.pharmacyId !== pharmacyId) throw notFound('inventory item', id);
    return item;
  }

  /** Validates every line first, so a refused sync changes nothing; then upserts by drug. */
  syncInventory(pharmacyId: string, lines: readonly SyncLine[], nowMs: number): InventoryItemRecord[] {
    const { inventory, drugs } = this.services;
    assertSyncLinesValid(lines, drugs);
    assertCountCoversReservations(inventory, pharmacyId, lines);
    return lines.map((line) => {
      const count = { onHand: line.onHand, unitPriceFen: line.unitPrice.amountFen, lots: line.lots };
      let item = inventory.find(pharmacyId, line.drugId);
      if (item) {
        inventory.recount(item, count, nowMs);
      } else {
        item = { id: this.newItemId(pharmacyId, line.drugId), pharmacyId, drugId: line.drugId, reserved: 0, updatedAtMs: nowMs, ...count, lots: line.lots.map((lot) => ({ ...lot })) };
        inventory.add(item);
      }
      this.emitItem(item, nowMs);
      return item;
    });
  }

  /** `inv_<pharmacy>_<drug>` from the short names (`inv_jiuzhou_metformin`), the full drug id's tail on a clash. */
  private newItemId(pharmacyId: string, drugId: string): string {
    const pharmacy = pharmacyId.replace(/^org_/, '');
    const drugTail = drugId.replace(/^drg_/, '');
    const short = `inv_${pharmacy}_${drugTail.split('_')[0] ?? drugTail}`;
    return this.services.inventory.items.has(short) ? `inv_${pharmacy}_${drugTail}` : short;
  }

  private emitItem(item: InventoryItemRecord, atMs: number): void {
    this.services.events.emit('inventory_item.updated', { object: 'inventory_item', id: item.id, status: stockStatus(item), organizationId: item.pharmacyId }, atMs);
  }
}
