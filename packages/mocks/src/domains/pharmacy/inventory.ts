/**
 * Pharmacies' stock (PLATFORM.md §8): on hand, reserved for accepted prescriptions, price, lots.
 * An accepted prescription reserves its quantities; dispensing consumes them; a cancelled or
 * expired prescription releases them. `available = onHand − reserved` is never negative.
 */
import { MultiIndex } from '../../engine/multi-index.js';

export interface InventoryLot {
  lotNumber: string;
  /** YYYY-MM-DD. */
  expiryDate: string;
  quantity: number;
}

export interface InventoryItemRecord {
  /** `inv_<pharmacy short>_<drug short>`. */
  id: string;
  pharmacyId: string;
  drugId: string;
  onHand: number;
  reserved: number;
  unitPriceFen: number;
  lots: InventoryLot[];
  updatedAtMs: number;
}

export interface StockLine {
  drugId: string;
  quantity: number;
}

export class InventoryStore {
  readonly items = new Map<string, InventoryItemRecord>();
  readonly byPharmacy = new MultiIndex();
  private readonly byPharmacyDrug = new Map<string, string>();

  add(item: InventoryItemRecord): void {
    this.items.set(item.id, item);
    this.byPharmacy.add(item.pharmacyId, item.id);
    this.byPharmacyDrug.set(`${item.pharmacyId}|${item.drugId}`, item.id);
  }

  find(pharmacyId: string, drugId: string): InventoryItemRecord | undefined {
    const id = this.byPharmacyDrug.get(`${pharmacyId}|${drugId}`);
    return id === undefined ? undefined : this.items.get(id);
  }

  available(pharmacyId: string, drugId: string): number {
    const item = this.find(pharmacyId, drugId);
    return item ? item.onHand - item.reserved : 0;
  }

  /** The first line the pharmacy cannot cover from available stock, if any. */
  shortfall(pharmacyId: string, lines: readonly StockLine[]): (StockLine & { available: number }) | undefined {
    for (const line of lines) {
      const available = this.available(pharmacyId, line.drugId);
      if (available < line.quantity) return { ...line, available };
    }
    return undefined;
  }

  /** Reserves the lines; the caller checked `shortfall` first, in the same synchronous step. */
  reserve(pharmacyId: string, lines: readonly StockLine[], atMs: number): void {
    for (const line of lines) this.change(pharmacyId, line.drugId, 0, line.quantity, atMs);
  }

  /** Gives reserved quantities back to available stock (a cancelled, expired or declined prescription). */
  release(pharmacyId: string, lines: readonly StockLine[], atMs: number): void {
    for (const line of lines) {
      const item = this.find(pharmacyId, line.drugId);
      if (item) this.change(pharmacyId, line.drugId, 0, -Math.min(item.reserved, line.quantity), atMs);
    }
  }

  /**
   * Dispensing: `dispensed` leaves the shelf and the whole `reservedFor` reservation ends (a partial
   * fill releases the rest).
   */
  consume(pharmacyId: string, dispensed: readonly StockLine[], reservedFor: readonly StockLine[], atMs: number): void {
    this.release(pharmacyId, reservedFor, atMs);
    for (const line of dispensed) this.change(pharmacyId, line.drugId, -line.quantity, 0, atMs);
  }

  private change(pharmacyId: string, drugId: string, onHandDelta: number, reservedDelta: number, atMs: number): void {
    const item = this.find(pharmacyId, drugId);
    if (!item) throw new Error(`No inventory item for ${drugId} at ${pharmacyId}`);
    item.onHand += onHandDelta;
    item.reserved += reservedDelta;
    if (item.onHand < 0 || item.reserved < 0 || item.reserved > item.onHand) {
      throw new Error(`Inventory of ${item.id} would break its invariant (onHand ${item.onHand}, reserved ${item.reserved})`);
    }
    item.updatedAtMs = atMs;
  }
}
