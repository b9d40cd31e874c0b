/**
 * The pharmacy rules (PLATFORM.md §7 BR-RX-7..9, §8): the prescription inbox, dispensing, delivery
 * and inventory. Each rule is decided here and only here; the service applies the effects.
 */
import type { Money } from '../../engine/money.js';
import { formatLocal } from '../../engine/clock.js';
import { DomainError, invalidTransition, validationFailed, type FieldError } from '../../engine/problem.js';
import { PHARMACIST_TITLES, type Practitioner } from '../directory/model.js';
import type { Drug } from '../prescriptions/drugs.js';
import type { DeliveryStatus, PrescriptionRecord, RoutingRecord, RoutingStatus } from '../prescriptions/model.js';
import type { DispensedLine, InventoryItemRecord, InventoryLot, InventoryStore, StockLine } from './inventory.js';

/** Below this many available units an item counts as low on stock (`lowStock` filter, event status). */
export const LOW_STOCK_LEVEL = 20;

export type StockStatus = 'in-stock' | 'low-stock' | 'out-of-stock';

export function stockStatus(item: InventoryItemRecord): StockStatus {
  const available = item.onHand - item.reserved;
  if (available <= 0) return 'out-of-stock';
  return available < LOW_STOCK_LEVEL ? 'low-stock' : 'in-stock';
}

export interface SyncLine {
  drugId: string;
  onHand: number;
  unitPrice: Money;
  lots: InventoryLot[];
}

/**
 * A sync is checked whole before anything is applied: every drug a catalogue drug named once, and
 * its lots adding up to the count (400 naming each bad field).
 */
export function assertSyncLinesValid(lines: readonly SyncLine[], drugs: ReadonlyMap<string, Drug>): void {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (!drugs.has(line.drugId)) {
      errors.push({ pointer: `/body/items/${index}/drugId`, code: 'not_found', message: `no catalogue drug ${line.drugId}` });
    } else if (seen.has(line.drugId)) {
      errors.push({ pointer: `/body/items/${index}/drugId`, code: 'duplicate', message: `${line.drugId} is named more than once` });
    }
    seen.add(line.drugId);
    const lotTotal = line.lots.reduce((sum, lot) => sum + lot.quantity, 0);
    if (lotTotal !== line.onHand) {
      errors.push({ pointer: `/body/items/${index}/lots`, code: 'sum_mismatch', message: `the lots add up to ${lotTotal}, not onHand ${line.onHand}` });
    }
    const lotNumbers = new Set(line.lots.map((lot) => lot.lotNumber));
    if (lotNumbers.size !== line.lots.length) {
      errors.push({ pointer: `/body/items/${index}/lots`, code: 'duplicate', message: 'a lot number is listed more than once' });
    }
  });
  if (errors.length > 0) throw validationFailed(errors);
}

/** A count may not fall below what accepted prescriptions reserved: that stock is promised. */
export function assertCountCoversReservations(inventory: InventoryStore, pharmacyId: string, lines: readonly SyncLine[]): void {
  lines.forEach((line, index) => {
    const reserved = inventory.find(pharmacyId, line.drugId)?.reserved ?? 0;
    if (line.onHand < reserved) {
      throw new DomainError(
        409,
        'INSUFFICIENT_STOCK',
        `Items ${index}: ${line.drugId} has ${reserved} units reserved for accepted prescriptions; onHand ${line.onHand} is below that.`,
      );
    }
  });
}

// ── The prescription inbox ──

/** The routing a pharmacy acts on: its status must be the one the action starts from. */
export function assertRoutingStatus(prescription: PrescriptionRecord, needed: RoutingStatus): RoutingRecord {
  const routing = prescription.routing;
  if (!routing || routing.status !== needed) throw invalidTransition('prescription routing', routing?.status ?? 'unrouted', needed);
  return routing;
}

/** BR-RX-2 (the dispensing side): only a pharmacist of this pharmacy accepts or dispenses. */
export function assertPharmacistOf(pharmacyId: string, practitioner: Practitioner | undefined, practitionerId: string): void {
  if (!practitioner || practitioner.organizationId !== pharmacyId || !PHARMACIST_TITLES.includes(practitioner.title)) {
    throw new DomainError(403, 'PHARMACIST_REQUIRED', `${practitionerId} is not a pharmacist of ${pharmacyId}.`);
  }
}

/** Accepting reserves every item: the pharmacy must have it available now (not promised to another prescription). */
export function assertStockAvailable(inventory: InventoryStore, pharmacyId: string, lines: readonly StockLine[]): void {
  const short = inventory.shortfall(pharmacyId, lines);
  if (short) {
    throw new DomainError(409, 'INSUFFICIENT_STOCK', `${short.drugId}: ${short.quantity} needed, ${short.available} available at ${pharmacyId}.`);
  }
}

/** BR-RX-8: dispensing marks the prescription used; it is never filled twice. */
export function assertNotDispensed(prescription: PrescriptionRecord): void {
  if (prescription.dispense) {
    throw new DomainError(
      409,
      'PRESCRIPTION_ALREADY_USED',
      `Prescription ${prescription.id} was dispensed at ${formatLocal(prescription.dispense.dispensedAtMs)}; it is never filled twice (BR-RX-8).`,
    );
  }
}

/**
 * What a dispense may hand out: each line a prescribed drug, named once, at most the prescribed
 * quantity (422), and no more than the shelf — or the named lot — holds (409).
 */
export function assertDispensable(prescription: PrescriptionRecord, inventory: InventoryStore, pharmacyId: string, lines: readonly DispensedLine[]): void {
  const seen = new Set<string>();
  const duplicates: FieldError[] = [];
  lines.forEach((line, index) => {
    if (seen.has(line.drugId)) duplicates.push({ pointer: `/body/lines/${index}/drugId`, code: 'duplicate', message: `${line.drugId} is named more than once` });
    seen.add(line.drugId);
  });
  if (duplicates.length > 0) throw validationFailed(duplicates);
  lines.forEach((line, index) => {
    const prescribed = prescription.items.find((item) => item.drugId === line.drugId)?.quantity ?? 0;
    if (line.quantity > prescribed) {
      throw new DomainError(422, 'DISPENSE_EXCEEDS_PRESCRIBED', `Lines ${index}: ${line.quantity} units of ${line.drugId} exceed the ${prescribed} prescribed.`);
    }
  });
  lines.forEach((line, index) => {
    const item = inventory.find(pharmacyId, line.drugId);
    const onHand = item?.onHand ?? 0;
    if (line.quantity > onHand) {
      throw new DomainError(409, 'INSUFFICIENT_STOCK', `Lines ${index}: ${onHand} units of ${line.drugId} on hand; ${line.quantity} asked.`);
    }
    if (line.lotNumber !== undefined && line.lotNumber !== null) {
      const inLot = item?.lots.find((lot) => lot.lotNumber === line.lotNumber)?.quantity ?? 0;
      if (line.quantity > inLot) {
        throw new DomainError(409, 'INSUFFICIENT_STOCK', `Lines ${index}: lot ${line.lotNumber} holds ${inLot} units of ${line.drugId}; ${line.quantity} asked.`);
      }
    }
  });
}

/** BR-RX-8: less than prescribed of any item (or an item left out) is a partial fill, recorded as such. */
export function isPartialFill(prescription: PrescriptionRecord, lines: readonly StockLine[]): boolean {
  return prescription.items.some((item) => (lines.find((line) => line.drugId === item.drugId)?.quantity ?? 0) < item.quantity);
}

/** Pickup ends in a hand-over, delivery in shipping: each needs its method and a dispensed, in-progress routing. */
export function assertFulfilmentStep(prescription: PrescriptionRecord, method: RoutingRecord['method']): RoutingRecord {
  const routing = assertRoutingStatus(prescription, 'in-progress');
  if (routing.method !== method) {
    throw new DomainError(409, 'INVALID_STATE_TRANSITION', `Prescription ${prescription.id} is for ${routing.method}; this action needs ${method}.`, {
      currentState: routing.status,
    });
  }
  return routing;
}

/** Shipping starts a delivery; after a failed one the pharmacy ships again. */
export function assertShippable(prescription: PrescriptionRecord): void {
  const delivery = prescription.delivery;
  if (delivery && delivery.status !== 'failed') throw invalidTransition('delivery', delivery.status, 'absent or failed');
}

/** The delivery tracking order: shipped → in-transit (repeatable) → delivered | failed. */
const DELIVERY_NEXT: Record<DeliveryStatus, readonly DeliveryStatus[]> = {
  shipped: ['in-transit', 'delivered', 'failed'],
  'in-transit': ['in-transit', 'delivered', 'failed'],
  delivered: [],
  failed: [],
};

export function assertDeliveryStep(prescription: PrescriptionRecord, next: DeliveryStatus): void {
  const current = prescription.delivery?.status;
  if (current === undefined) throw invalidTransition('delivery', 'not shipped', 'shipped or in-transit');
  if (!DELIVERY_NEXT[current].includes(next)) throw invalidTransition('delivery', current, 'shipped or in-transit');
}
