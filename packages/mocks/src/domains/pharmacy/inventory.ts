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

/** A dispensed line: taken from the named lot first when given, then from the lots that expire first. */
export interface DispensedLine extends StockLine {
  lotNumber?: string | null;
}

export class InventoryStore {
  readonly items = new Map<string, InventoryItemRecord>();
  readonly byPharmacy = new MultiIndex();
  private readonly byPharmacyDrug = new Map<string, string>();

  /** Keeps lots earliest expiry first, the order dispensing takes them in. */
  add(item: InventoryItemRecord): void {
    item.lots.sort(byExpiry);
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
   * Dispensing: `dispensed` leaves the shelf (and its lots, first expiry first) and the whole
   * `reservedFor` reservation ends (a partial fill releases the rest).
   */
  consume(pharmacyId: string, dispensed: readonly DispensedLine[], reservedFor: readonly StockLine[], atMs: number): void {
    this.release(pharmacyId, reservedFor, atMs);
    for (const line of dispensed) {
      this.change(pharmacyId, line.drugId, -line.quantity, 0, atMs);
      const item = this.find(pharmacyId, line.drugId);
      if (item) takeFromLots(item, line.quantity, line.lotNumber ?? null);
    }
  }

  /** A stock count from the pharmacy's own system: replaces on hand, price and lots; reservations stay. */
  recount(item: InventoryItemRecord, count: { onHand: number; unitPriceFen: number; lots: InventoryLot[] }, atMs: number): void {
    if (count.onHand < item.reserved) throw new Error(`Inventory of ${item.id} cannot fall below its reservations`);
    item.onHand = count.onHand;
    item.unitPriceFen = count.unitPriceFen;
    item.lots = count.lots.map((lot) => ({ ...lot })).sort(byExpiry);
    item.updatedAtMs = atMs;
  }

  /**
   * Goods received (a purchase order): on hand grows by the quantity and the lot joins (or tops up)
   * the item's lots. A drug the pharmacy never stocked gets a new item priced at `unitPriceFen`.
   */
  receive(pharmacyId: string, drugId: string, quantity: number, lot: { lotNumber: string; expiryDate: string }, unitPriceFen: number | undefined, atMs: number): InventoryItemRecord {
    const existing = this.find(pharmacyId, drugId);
    if (!existing) {
      const item: InventoryItemRecord = {
        id: `inv_${pharmacyId.replace(/^org_/, '')}_${drugId.replace(/^drg_/, '')}`,
        pharmacyId,
        drugId,
        onHand: quantity,
        reserved: 0,
        unitPriceFen: unitPriceFen ?? 0,
        lots: [{ ...lot, quantity }],
        updatedAtMs: atMs,
      };
      this.add(item);
      return item;
    }
    existing.onHand += quantity;
    const sameLot = existing.lots.find((held) => held.lotNumber === lot.lotNumber);
    if (sameLot) sameLot.quantity += quantity;
    else existing.lots = [...existing.lots, { ...lot, quantity }].sort(byExpiry);
    existing.updatedAtMs = atMs;
    return existing;
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

function byExpiry(a: InventoryLot, b: InventoryLot): number {
  return a.expiryDate < b.expiryDate ? -1 : a.expiryDate > b.expiryDate ? 1 : a.lotNumber < b.lotNumber ? -1 : 1;
}

/** Takes `quantity` from the lots: the named lot first, then earliest expiry first (FEFO); emptied lots leave. */
function takeFromLots(item: InventoryItemRecord, quantity: number, lotNumber: string | null): void {
  let left = quantity;
  const ordered = [...item.lots.filter((lot) => lot.lotNumber === lotNumber), ...item.lots.filter((lot) => lot.lotNumber !== lotNumber)];
  for (const lot of ordered) {
    const taken = Math.min(lot.quantity, left);
    lot.quantity -= taken;
    left -= taken;
    if (left === 0) break;
  }
  item.lots = item.lots.filter((lot) => lot.quantity > 0);
}
