/**
 * National medical insurance (医保) settlements of online visits, as stored (PLATFORM.md §10). One
 * settlement splits one order of the hospital between the pooled fund, the patient's personal
 * account and cash. The national platform speaks decimal yuan text; we keep its answer as sent and
 * the exact fen conversion beside it.
 */
import type { OrderLineKind } from '../payments/model.js';

export type SettlementStatus = 'registered' | 'fees-uploaded' | 'pre-settled' | 'settled' | 'reversed';

export interface FeeLineRecord {
  orderLineId: string;
  kind: OrderLineKind;
  /** The national fee item code (sandbox codes by line kind). */
  code: string;
  /** The line's amount as the national platform takes it: yuan text with two decimals. */
  amountYuan: string;
  /** Covered by national insurance (registration, consultation and drug lines). */
  eligible: boolean;
  /** BR-NHI-2: a drug line whose prescription is routed to a pharmacy outside the hospital (处方外配). */
  circulated: boolean;
}

/** The national platform's split answer, decimal yuan text exactly as it sent it. */
export interface SplitAnswer {
  totalAmount: string;
  fundPayment: string;
  personalAccountPayment: string;
  cashPayment: string;
}

export interface SplitRecord {
  national: SplitAnswer;
  totalFen: number;
  fundFen: number;
  personalAccountFen: number;
  cashFen: number;
}

export type ReversalTrigger = 'organization' | 'cash-payment-failed';

export interface SettlementRecord {
  id: string;
  status: SettlementStatus;
  patientId: string;
  /** The hospital: the payee of the order. */
  organizationId: string;
  encounterId: string;
  orderId: string;
  personNumber: string;
  nationalVisitId: string;
  feeLines: FeeLineRecord[];
  split: SplitRecord | null;
  nationalSettlementId: string | null;
  reversal: { reason: string; trigger: ReversalTrigger; atMs: number } | null;
  createdAtMs: number;
  updatedAtMs: number;
}
