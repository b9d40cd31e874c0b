/**
 * The pharmacy rules (PLATFORM.md §7 BR-RX-7..9, §8): the prescription inbox, dispensing, delivery
 * and inventory. Each rule is decided here and only here; the service applies the effects.
 */
import { DomainError, validationFailed, type FieldError } from '../../engine/problem.js';
import type { Drug } from '../prescriptions/drugs.js';
import type { InventoryItemRecord, InventoryLot, InventoryStore } from './inventory.js';

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
  unitPrice: { amountFen: number; currency: 'CNY' };
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
