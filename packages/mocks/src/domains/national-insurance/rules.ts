/**
 * The national-insurance rules (PLATFORM.md §10). Each rule is decided here and only here; the
 * service applies the effects. Amounts from the national platform arrive as yuan text and are
 * converted with yuanToFen, exactly; shares are spread over lines with allocateFen.
 */
import { allocateFen, fenToYuan, yuanToFen } from '@careloop/core';
import { DomainError, invalidTransition } from '../../engine/problem.js';
import type { OrderRecord } from '../payments/model.js';
import type { PrescriptionRecord } from '../prescriptions/model.js';
import type { FeeLineRecord, SettlementRecord, SettlementStatus, SplitAnswer, SplitRecord } from './model.js';
import { feeCode, isEligible } from './national-platform.js';

export function assertStatus(settlement: SettlementRecord, ...needed: SettlementStatus[]): void {
  if (!needed.includes(settlement.status)) throw invalidTransition('national_insurance_settlement', settlement.status, needed.join(' or '));
}

/**
 * BR-NHI-2: the fee lines of an order, amounts as yuan text; a drug line whose prescription is routed
 * to a pharmacy other than the hospital itself is circulated (处方外配), so the national platform
 * settles it as an external prescription.
 */
export function feeLinesOf(order: OrderRecord, prescriptionOf: (id: string) => PrescriptionRecord | undefined): FeeLineRecord[] {
  return order.lines.map((line) => {
    const pharmacyId = line.kind === 'drug' && line.reference !== null ? (prescriptionOf(line.reference)?.pharmacyId ?? null) : null;
    return {
      orderLineId: line.id,
      kind: line.kind,
      code: feeCode(line.kind),
      amountYuan: fenToYuan(line.amountFen),
      eligible: isEligible(line.kind),
      circulated: pharmacyId !== null && pharmacyId !== order.organizationId,
    };
  });
}

/** A split can only be applied to an order nobody has paid anything of yet. */
export function assertOrderUnpaid(order: OrderRecord): void {
  if (order.status !== 'pending-payment' || order.paidFen > 0) throw invalidTransition('order', order.status, 'pending-payment, unpaid');
}

/**
 * The national platform's yuan-text answer converted exactly to fen. Its parts must add up to the
 * order's total to the fen; a platform answer that does not is a fault, never silently absorbed.
 */
export function splitFromAnswer(order: OrderRecord, national: SplitAnswer): SplitRecord {
  const split: SplitRecord = {
    national,
    totalFen: yuanToFen(national.totalAmount),
    fundFen: yuanToFen(national.fundPayment),
    personalAccountFen: yuanToFen(national.personalAccountPayment),
    cashFen: yuanToFen(national.cashPayment),
  };
  if (split.totalFen !== order.totalFen || split.fundFen + split.personalAccountFen + split.cashFen !== split.totalFen) {
    throw new Error(`National split ${JSON.stringify(national)} does not add up to order ${order.id}'s ${order.totalFen} fen`);
  }
  return split;
}

/** The insured part (fund + personal account) spread over the eligible lines, in proportion to their amounts. */
export function insuredShares(order: OrderRecord, feeLines: readonly FeeLineRecord[], insuredFen: number): number[] {
  const weights = order.lines.map((line) => (feeLines.find((fee) => fee.orderLineId === line.id)?.eligible === true ? line.amountFen : 0));
  if (insuredFen === 0 || weights.every((weight) => weight === 0)) return weights.map(() => 0);
  return allocateFen(insuredFen, weights);
}

/** BR-NHI-3: a settlement is confirmed only once the patient has paid the cash share. */
export function assertCashPaid(order: OrderRecord): void {
  const unpaidFen = order.patientDueFen - (order.paidFen - order.refundedFen);
  if (unpaidFen > 0 || order.status === 'cancelled' || order.status === 'expired') {
    throw new DomainError(
      409,
      'NATIONAL_INSURANCE_CASH_UNPAID',
      `Order ${order.id} has ${Math.max(unpaidFen, 0)} fen of its cash share unpaid (status ${order.status}); settle once the patient has paid (BR-NHI-3).`,
    );
  }
}
