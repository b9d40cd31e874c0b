/**
 * National-insurance settlements: tenancy, the rules of rules.ts, and their effects (the order's
 * split, the ledger, the personal-account balance, events). Synchronous, so each check and the
 * change it guards happen atomically.
 *
 * Tenancy: a hospital sees and acts on its own settlements only; anyone else gets 404.
 */
import type { EventType } from '../../engine/events.js';
import { notFound, validationFailed } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import type { OrderRecord } from '../payments/model.js';
import type { ReversalTrigger, SettlementRecord } from './model.js';
import { nationalSettlementId, nationalVisitId, preSettle } from './national-platform.js';
import { assertCashPaid, assertOrderUnpaid, assertStatus, feeLinesOf, insuredShares, splitFromAnswer } from './rules.js';
import type { SettlementStore } from './store.js';

export interface RegisterVisitInput {
  patientId: string;
  encounterId: string;
  orderId: string;
  personNumber: string;
}

export class NationalInsuranceService {
  constructor(
    private readonly store: SettlementStore,
    private readonly services: PlatformServices,
  ) {
    // BR-NHI-1: a failed cash payment reverses the pre-settled split, so the order is back to its full price.
    services.hooks.paymentFailed.on((order, _payment, atMs) => {
      const settlement = order.nationalInsuranceSettlementId === null ? undefined : store.get(order.nationalInsuranceSettlementId);
      if (settlement?.status === 'pre-settled') this.applyReversal(settlement, 'Cash payment failed', 'cash-payment-failed', atMs);
    });
  }

  visible(organizationId: string, id: string): SettlementRecord {
    const settlement = this.store.get(id);
    if (!settlement || settlement.organizationId !== organizationId) throw notFound('national_insurance_settlement', id);
    return settlement;
  }

  list(organizationId: string, query: { status?: string | undefined; patientId?: string | undefined }): SettlementRecord[] {
    return [...this.store.byOrganization.get(organizationId)].flatMap((id) => {
      const settlement = this.store.get(id);
      if (!settlement || (query.status !== undefined && settlement.status !== query.status)) return [];
      return query.patientId === undefined || settlement.patientId === query.patientId ? [settlement] : [];
    });
  }

  register(organizationId: string, input: RegisterVisitInput, nowMs: number): SettlementRecord {
    const order = this.checkRegistration(organizationId, input);
    const id = this.services.ids.next('nis');
    const settlement: SettlementRecord = {
      id,
      status: 'registered',
      patientId: input.patientId,
      organizationId,
      encounterId: input.encounterId,
      orderId: order.id,
      personNumber: input.personNumber,
      nationalVisitId: nationalVisitId(id),
      feeLines: [],
      split: null,
      nationalSettlementId: null,
      reversal: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.store.add(settlement);
    order.nationalInsuranceSettlementId = id;
    order.updatedAtMs = nowMs;
    this.emit('national_insurance_settlement.registered', settlement, nowMs);
    return settlement;
  }

  uploadFees(organizationId: string, id: string, nowMs: number): SettlementRecord {
    const settlement = this.visible(organizationId, id);
    assertStatus(settlement, 'registered');
    settlement.feeLines = feeLinesOf(this.orderOf(settlement), (rxId) => this.services.prescriptions.get(rxId));
    return this.transition(settlement, 'fees-uploaded', 'national_insurance_settlement.fees_uploaded', nowMs);
  }

  preSettle(organizationId: string, id: string, nowMs: number): SettlementRecord {
    const settlement = this.visible(organizationId, id);
    assertStatus(settlement, 'fees-uploaded');
    const order = this.orderOf(settlement);
    assertOrderUnpaid(order);
    const answer = preSettle(settlement.feeLines, this.store.personalAccountFen.get(settlement.patientId) ?? 0);
    const split = splitFromAnswer(order, answer);
    const shares = insuredShares(order, settlement.feeLines, split.fundFen + split.personalAccountFen);
    order.lines.forEach((line, index) => {
      line.nationalInsurancePaidFen = shares[index] ?? 0;
    });
    order.patientDueFen = split.cashFen;
    // Nothing left for the patient to pay: the order no longer lapses while it waits to be settled.
    if (split.cashFen === 0) order.expiresAtMs = null;
    order.updatedAtMs = nowMs;
    settlement.split = split;
    return this.transition(settlement, 'pre-settled', 'national_insurance_settlement.pre_settled', nowMs);
  }

  settle(organizationId: string, id: string, nowMs: number): SettlementRecord {
    const settlement = this.visible(organizationId, id);
    assertStatus(settlement, 'pre-settled');
    const order = this.orderOf(settlement);
    assertCashPaid(order);
    const split = settlement.split;
    if (split === null) throw new Error(`Pre-settled ${settlement.id} has no split`);
    const shares = [
      { source: 'national-insurance-fund', amountFen: split.fundFen },
      { source: 'personal-account', amountFen: split.personalAccountFen },
    ] as const;
    for (const share of shares) {
      if (share.amountFen === 0) continue;
      this.services.ledger.append({
        payeeOrganizationId: order.organizationId,
        orderId: order.id,
        orderLineId: null,
        source: share.source,
        kind: 'insurance-share',
        amountFen: share.amountFen,
        reference: settlement.id,
        atMs: nowMs,
      });
    }
    this.adjustBalance(settlement.patientId, -split.personalAccountFen);
    if (order.status === 'pending-payment' && order.patientDueFen === 0) {
      // National insurance paid the whole order: it is paid without a patient payment.
      order.status = 'paid';
      order.updatedAtMs = nowMs;
      this.services.events.emit('order.paid', { object: 'order', id: order.id, status: order.status, organizationId: order.organizationId, patientId: order.patientId }, nowMs);
      this.services.hooks.orderPaid.emit(order, nowMs);
    }
    settlement.nationalSettlementId = nationalSettlementId(settlement.id);
    return this.transition(settlement, 'settled', 'national_insurance_settlement.settled', nowMs);
  }

  reverse(organizationId: string, id: string, reason: string, nowMs: number): SettlementRecord {
    const settlement = this.visible(organizationId, id);
    assertStatus(settlement, 'pre-settled', 'settled');
    return this.applyReversal(settlement, reason, 'organization', nowMs);
  }

  /** Books back what the ledger holds for the settlement and returns the order to its full price. */
  private applyReversal(settlement: SettlementRecord, reason: string, trigger: ReversalTrigger, nowMs: number): SettlementRecord {
    const order = this.orderOf(settlement);
    for (const { id: _shareId, ...entry } of this.services.ledger.ofOrder(order.id)) {
      if (entry.reference !== settlement.id || entry.kind !== 'insurance-share') continue;
      this.services.ledger.append({ ...entry, kind: 'insurance-reversal', amountFen: -entry.amountFen, atMs: nowMs });
      if (entry.source === 'personal-account') this.adjustBalance(settlement.patientId, entry.amountFen);
    }
    for (const line of order.lines) line.nationalInsurancePaidFen = 0;
    order.patientDueFen = order.totalFen;
    order.updatedAtMs = nowMs;
    settlement.reversal = { reason, trigger, atMs: nowMs };
    return this.transition(settlement, 'reversed', 'national_insurance_settlement.reversed', nowMs);
  }

  private checkRegistration(organizationId: string, input: RegisterVisitInput): OrderRecord {
    const invalid = (field: string, message: string) => validationFailed([{ pointer: `/body/${field}`, code: 'invalid', message }]);
    if (!this.services.patients.get(input.patientId)) throw invalid('patientId', `no patient ${input.patientId}`);
    const encounter = this.services.encounters.get(input.encounterId);
    if (!encounter || encounter.organizationId !== organizationId || encounter.patientId !== input.patientId) {
      throw invalid('encounterId', `no encounter ${input.encounterId} of this patient at this hospital`);
    }
    const order = this.services.orders.get(input.orderId);
    if (!order || order.organizationId !== organizationId || order.patientId !== input.patientId) {
      throw invalid('orderId', `no order ${input.orderId} of this patient at this hospital`);
    }
    if (order.status !== 'pending-payment' || order.paidFen > 0) throw invalid('orderId', `order ${order.id} is ${order.status}, not unpaid`);
    const current = order.nationalInsuranceSettlementId === null ? undefined : this.store.get(order.nationalInsuranceSettlementId);
    if (current !== undefined && current.status !== 'reversed') throw invalid('orderId', `order ${order.id} is already under settlement ${current.id}`);
    return order;
  }

  private adjustBalance(patientId: string, deltaFen: number): void {
    this.store.personalAccountFen.set(patientId, (this.store.personalAccountFen.get(patientId) ?? 0) + deltaFen);
  }

  private orderOf(settlement: SettlementRecord): OrderRecord {
    const order = this.services.orders.get(settlement.orderId);
    if (!order) throw new Error(`Settlement ${settlement.id} has no order`);
    return order;
  }

  private transition(settlement: SettlementRecord, status: SettlementRecord['status'], type: EventType, nowMs: number): SettlementRecord {
    settlement.status = status;
    settlement.updatedAtMs = nowMs;
    this.emit(type, settlement, nowMs);
    return settlement;
  }

  private emit(type: EventType, settlement: SettlementRecord, nowMs: number): void {
    this.services.events.emit(
      type,
      { object: 'national_insurance_settlement', id: settlement.id, status: settlement.status, organizationId: settlement.organizationId, patientId: settlement.patientId },
      nowMs,
    );
  }
}
