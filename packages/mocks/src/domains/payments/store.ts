/** Orders, indexed by patient, payee organization and the resource each line references. */
import { MultiIndex } from '../../engine/multi-index.js';
import type { OrderRecord } from './model.js';

export class OrderStore {
  readonly orders = new Map<string, OrderRecord>();
  readonly byPatient = new MultiIndex();
  readonly byOrganization = new MultiIndex();
  /** Orders by what their lines reference (appointment, encounter, prescription, coverage ids). */
  readonly byReference = new MultiIndex();

  add(order: OrderRecord): void {
    this.orders.set(order.id, order);
    this.byPatient.add(order.patientId, order.id);
    this.byOrganization.add(order.organizationId, order.id);
    for (const line of order.lines) if (line.reference !== null) this.byReference.add(line.reference, order.id);
  }

  get(id: string): OrderRecord | undefined {
    return this.orders.get(id);
  }

  referencing(reference: string): OrderRecord[] {
    return [...this.byReference.get(reference)].flatMap((id) => this.orders.get(id) ?? []);
  }
}
