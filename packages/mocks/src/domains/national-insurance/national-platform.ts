/**
 * The simulated national medical insurance platform. Like the real one it takes and answers amounts
 * as decimal yuan text; its split is a documented deterministic formula (docs/money.md, "National
 * insurance split"), computed in integer fen and written out with fenToYuan:
 * - eligible = the registration, consultation and drug fee lines;
 * - the fund pays 70 % of eligible, rounded half up to the fen;
 * - the personal account pays the rest of eligible, up to the patient's balance;
 * - cash is the remainder of the total.
 */
import { fenToYuan, yuanToFen } from '@careloop/core';
import type { OrderLineKind } from '../payments/model.js';
import type { FeeLineRecord, SplitAnswer } from './model.js';

const ELIGIBLE_KINDS: ReadonlySet<OrderLineKind> = new Set(['registration-fee', 'consultation-fee', 'drug']);
const FEE_CODES: Record<OrderLineKind, string> = {
  'registration-fee': 'NHI-REG',
  'consultation-fee': 'NHI-CONSULT',
  drug: 'NHI-DRUG',
  'delivery-fee': 'NHI-DELIVERY',
  premium: 'NHI-OTHER',
};
const FUND_PERCENT = 70;

export function isEligible(kind: OrderLineKind): boolean {
  return ELIGIBLE_KINDS.has(kind);
}

export function feeCode(kind: OrderLineKind): string {
  return FEE_CODES[kind];
}

/** The national visit id (就诊ID) the platform gives a registration: derived from our id, so deterministic. */
export function nationalVisitId(settlementId: string): string {
  return `NV${settlementId.slice('nis_'.length).toUpperCase()}`;
}

/** The national settlement id (结算ID) of a confirmed settlement. */
export function nationalSettlementId(settlementId: string): string {
  return `NS${settlementId.slice('nis_'.length).toUpperCase()}`;
}

/** The platform's pre-settlement answer for uploaded fee lines, as yuan text. */
export function preSettle(feeLines: readonly FeeLineRecord[], personalAccountBalanceFen: number): SplitAnswer {
  // The platform reads the uploaded yuan text, exactly.
  const totalFen = feeLines.reduce((sum, line) => sum + yuanToFen(line.amountYuan), 0);
  const eligibleFen = feeLines.filter((line) => line.eligible).reduce((sum, line) => sum + yuanToFen(line.amountYuan), 0);
  // Half up in integer arithmetic: eligible is never negative.
  const fundFen = Math.floor((eligibleFen * FUND_PERCENT * 10 + 500) / 1000);
  const personalAccountFen = Math.min(Math.max(personalAccountBalanceFen, 0), eligibleFen - fundFen);
  return {
    totalAmount: fenToYuan(totalFen),
    fundPayment: fenToYuan(fundFen),
    personalAccountPayment: fenToYuan(personalAccountFen),
    cashPayment: fenToYuan(totalFen - fundFen - personalAccountFen),
  };
}
