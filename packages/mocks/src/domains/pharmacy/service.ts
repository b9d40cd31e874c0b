/**
 * Pharmacy operations: tenancy, the rules of rules.ts, and their effects (stock, prescription
 * state, events). Every method is synchronous, so each check and the change it guards happen atomically.
 */
import type { EventType } from '../../engine/events.js';
import { notFound } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import type { DeliveryStatus, PrescriptionRecord, RoutingRecord } from '../prescriptions/model.js';
import { assertDeliverable, assertEffective } from '../prescriptions/rules.js';
import type { DispensedLine, InventoryItemRecord } from './inventory.js';
import {
  assertCountCoversReservations,
  assertDeliveryStep,
  assertDispensable,
  assertFulfilmentStep,
  assertNotDispensed,
  assertPharmacistOf,
  assertRoutingStatus,
  assertShippable,
  assertStockAvailable,
  assertSyncLinesValid,
  isPartialFill,
  stockStatus,
  type SyncLine,
} from './rules.js';

export interface InventoryQuery {
  drugId?: string | undefined;
  lowStock?: boolean | undefined;
}

export interface DeclineInput {
  reason: 'out-of-stock' | 'cannot-deliver' | 'other';
  note?: string;
}

export interface DispenseInput {
  pharmacistId: string;
  lines: DispensedLine[];
}

export interface ShipInput {
  carrier: string;
  trackingNumber: string;
}

export interface DeliveryUpdateInput {
  status: Exclude<DeliveryStatus, 'shipped'>;
  note?: string;
}

export class PharmacyService {
  constructor(private readonly services: PlatformServices) {}

  // ── The prescription inbox: a pharmacy sees only what is routed to it now (404 otherwise). ──

  private routedHere(pharmacyId: string, id: string): PrescriptionRecord {
    const prescription = this.services.prescriptions.get(id);
    if (!prescription || prescription.pharmacyId !== pharmacyId) throw notFound('prescription', id);
    return prescription;
  }

  /** Reserves every item and locks the prescription to this pharmacy (BR-RX-7). */
  accept(pharmacyId: string, id: string, pharmacistId: string | undefined, nowMs: number): PrescriptionRecord {
    const prescription = this.routedHere(pharmacyId, id);
    const routing = assertRoutingStatus(prescription, 'requested');
    assertEffective(prescription, nowMs);
    if (pharmacistId !== undefined) assertPharmacistOf(pharmacyId, this.services.directory.practitioners.get(pharmacistId), pharmacistId);
    assertStockAvailable(this.services.inventory, pharmacyId, prescription.items);
    this.services.inventory.reserve(pharmacyId, prescription.items, nowMs);
    routing.status = 'accepted';
    routing.acceptedAtMs = nowMs;
    prescription.updatedAtMs = nowMs;
    this.emitPrescription('prescription.accepted', prescription, pharmacyId, nowMs);
    this.emitItems(pharmacyId, prescription.items, nowMs);
    return prescription;
  }

  /** The routing moves to `declinedRoutings` and the prescription leaves this inbox; nothing was reserved, so stock stays. */
  decline(pharmacyId: string, id: string, input: DeclineInput, nowMs: number): { prescription: PrescriptionRecord; routing: RoutingRecord } {
    const prescription = this.routedHere(pharmacyId, id);
    const routing = assertRoutingStatus(prescription, 'requested');
    routing.status = 'rejected';
    routing.rejection = { reason: input.reason, note: input.note ?? null };
    prescription.declinedRoutings.push(routing);
    prescription.routing = null;
    prescription.pharmacyId = null;
    prescription.updatedAtMs = nowMs;
    this.emitPrescription('prescription.routing_rejected', prescription, pharmacyId, nowMs, input.reason);
    return { prescription, routing };
  }

  /** BR-RX-8: the one dispense of the prescription; the stock leaves the shelf and the reservation ends. */
  dispense(pharmacyId: string, id: string, input: DispenseInput, nowMs: number): PrescriptionRecord {
    const prescription = this.routedHere(pharmacyId, id);
    assertNotDispensed(prescription);
    const routing = assertRoutingStatus(prescription, 'accepted');
    assertEffective(prescription, nowMs);
    assertPharmacistOf(pharmacyId, this.services.directory.practitioners.get(input.pharmacistId), input.pharmacistId);
    assertDispensable(prescription, this.services.inventory, pharmacyId, input.lines);
    this.services.inventory.consume(pharmacyId, input.lines, prescription.items, nowMs);
    prescription.dispense = {
      id: this.services.ids.next('dsp'),
      pharmacistId: input.pharmacistId,
      lines: input.lines.map((line) => ({ drugId: line.drugId, quantity: line.quantity, lotNumber: line.lotNumber ?? null })),
      partial: isPartialFill(prescription, input.lines),
      dispensedAtMs: nowMs,
    };
    routing.status = 'in-progress';
    prescription.updatedAtMs = nowMs;
    this.emitPrescription('prescription.dispensed', prescription, pharmacyId, nowMs);
    this.emitItems(pharmacyId, [...prescription.items, ...input.lines], nowMs);
    return prescription;
  }

  /** Pickup: the patient takes the dispensed medicine; the prescription is completed. */
  handOver(pharmacyId: string, id: string, nowMs: number): PrescriptionRecord {
    const prescription = this.routedHere(pharmacyId, id);
    const routing = assertFulfilmentStep(prescription, 'pickup');
    this.emitPrescription('prescription.handed_over', prescription, pharmacyId, nowMs);
    this.complete(prescription, routing, pharmacyId, nowMs);
    return prescription;
  }

  /** Delivery: the parcel goes to a carrier; BR-RX-9 is checked again (nothing prohibited leaves by post). */
  ship(pharmacyId: string, id: string, input: ShipInput, nowMs: number): PrescriptionRecord {
    const prescription = this.routedHere(pharmacyId, id);
    assertFulfilmentStep(prescription, 'delivery');
    assertShippable(prescription);
    assertDeliverable(prescription, this.services.drugs);
    prescription.delivery = {
      carrier: input.carrier,
      trackingNumber: input.trackingNumber,
      status: 'shipped',
      // A reshipment after a failed delivery keeps the earlier tracking steps.
      history: [...(prescription.delivery?.history ?? []), { status: 'shipped', atMs: nowMs, note: null }],
    };
    prescription.updatedAtMs = nowMs;
    this.emitPrescription('prescription.shipped', prescription, pharmacyId, nowMs);
    return prescription;
  }

  /** A tracking step; `delivered` completes the prescription. */
  updateDelivery(pharmacyId: string, id: string, input: DeliveryUpdateInput, nowMs: number): PrescriptionRecord {
    const prescription = this.routedHere(pharmacyId, id);
    assertDeliveryStep(prescription, input.status);
    const delivery = prescription.delivery;
    const routing = prescription.routing;
    if (!delivery || !routing) throw new Error(`Prescription ${id} passed the delivery check without a delivery`);
    delivery.status = input.status;
    delivery.history.push({ status: input.status, atMs: nowMs, note: input.note ?? null });
    prescription.updatedAtMs = nowMs;
    this.emitPrescription('prescription.delivery_updated', prescription, pharmacyId, nowMs, input.status);
    if (input.status === 'delivered') this.complete(prescription, routing, pharmacyId, nowMs);
    return prescription;
  }

  private complete(prescription: PrescriptionRecord, routing: RoutingRecord, pharmacyId: string, nowMs: number): void {
    routing.status = 'completed';
    routing.completedAtMs = nowMs;
    prescription.status = 'completed';
    prescription.updatedAtMs = nowMs;
    this.emitPrescription('prescription.completed', prescription, pharmacyId, nowMs);
  }

  /** Pharmacy events belong to the pharmacy; the patient and the prescribing institution see them too. */
  private emitPrescription(type: EventType, prescription: PrescriptionRecord, pharmacyId: string, atMs: number, reason?: string): void {
    this.services.events.emit(
      type,
      {
        object: 'prescription',
        id: prescription.id,
        status: prescription.status,
        organizationId: pharmacyId,
        patientId: prescription.patientId,
        ...(reason === undefined ? {} : { reason }),
      },
      atMs,
      [prescription.organizationId],
    );
  }

  /** One `inventory_item.updated` per drug whose stock moved (each once). */
  private emitItems(pharmacyId: string, lines: readonly { drugId: string }[], atMs: number): void {
    for (const drugId of new Set(lines.map((line) => line.drugId))) {
      const item = this.services.inventory.find(pharmacyId, drugId);
      if (item) this.emitItem(item, atMs);
    }
  }

  // ── Inventory ──

  searchInventory(pharmacyId: string, query: InventoryQuery): InventoryItemRecord[] {
    const { inventory } = this.services;
    const candidates =
      query.drugId === undefined
        ? [...inventory.byPharmacy.get(pharmacyId)].flatMap((id) => inventory.items.get(id) ?? [])
        : [inventory.find(pharmacyId, query.drugId)].flatMap((item) => item ?? []);
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
      const count = { onHand: line.onHand, unitPriceFen: line.unitPrice.amountFen, lots: line.lots.map((lot) => ({ ...lot })) };
      let item = inventory.find(pharmacyId, line.drugId);
      if (item) {
        inventory.recount(item, count, nowMs);
      } else {
        item = { id: this.newItemId(pharmacyId, line.drugId), pharmacyId, drugId: line.drugId, reserved: 0, updatedAtMs: nowMs, ...count };
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
