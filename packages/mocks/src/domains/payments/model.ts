/**
 * Orders as stored (PLATFORM.md §9): what a patient owes a hospital or pharmacy, line by line, in
 * integer fen. Payments, refunds and the national-insurance split live on the order; the money that
 * actually moved is in the ledger (engine/ledger.ts). Other domains (national insurance, commercial
 * insurance, the care loop) read orders through services.orders.
 */

export type OrderKind = 'registration' | 'consultation' | 'drug' | 'premium';
export type OrderLineKind = 'registration-fee' | 'consultation-fee' | 'drug' | 'delivery-fee' | 'premium';
export type OrderStatus = 'pending-payment' | 'paid' | 'partially-refunded' | 'refunded' | 'cancelled' | 'expired';

export interface OrderLineRecord {
  /** `<order id>_l<n>`. */
  id: string;
  kind: OrderLineKind;
  description: string;
  /** What the line is for: an appointment, encounter, prescription (item), coverage. */
  reference: string | null;
  quantity: number;
  unitPriceFen: number;
  /** quantity × unitPriceFen, integer fen. */
  amountFen: number;
  /**
   * The part of this line paid by national insurance (fund + personal account), allocated from the
   * settlement's split with allocateFen; 0 without a settlement. Commercial claims cover at most
   * amountFen − this (BR-INS-1).
   */
  nationalInsurancePaidFen: number;
  refundedFen: number;
}

export interface OrderRecord {
  id: string;
  kind: OrderKind;
  status: OrderStatus;
  patientId: string;
  /** The payee: the hospital or pharmacy (for premiums, the insurer). */
  organizationId: string;
  lines: OrderLineRecord[];
  /** Sum of the lines' amountFen: always equal (checked by the property tests). */
  totalFen: number;
  /** What the patient pays: the total minus the national-insurance fund and personal-account shares. */
  patientDueFen: number;
  /** Paid by the patient so far (succeeded payments), minus nothing: refunds are in refundedFen. */
  paidFen: number;
  refundedFen: number;
  /** The national-insurance settlement that split this order, if any. */
  nationalInsuranceSettlementId: string | null;
  /** An unpaid order expires at this time (the mock clock). */
  expiresAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export type PaymentChannel = 'wechat' | 'alipay' | 'insurance-account';
export type PaymentStatus = 'created' | 'pending' | 'succeeded' | 'failed' | 'closed';

export interface PaymentRecord {
  id: string;
  orderId: string;
  patientId: string;
  organizationId: string;
  channel: PaymentChannel;
  status: PaymentStatus;
  amountFen: number;
  channelTransactionId: string | null;
  /** A channel notification named a different amount (BR-PAY-2): left unchanged, flagged for reconciliation. */
  amountMismatch: boolean;
  createdAtMs: number;
  updatedAtMs: number;
}

export type RefundTrigger = 'payee' | 'appointment-cancelled';

export interface RefundRecord {
  id: string;
  orderId: string;
  patientId: string;
  organizationId: string;
  lineId: string | null;
  amountFen: number;
  reason: string;
  trigger: RefundTrigger;
  createdAtMs: number;
}

/** A new unpaid order: its total is the sum of its lines (BR-PAY-1), nothing paid, refunded or settled yet. */
export function unpaidOrder(
  fields: Pick<OrderRecord, 'id' | 'kind' | 'patientId' | 'organizationId' | 'lines' | 'expiresAtMs' | 'createdAtMs'>,
): OrderRecord {
  const totalFen = fields.lines.reduce((sum, line) => sum + line.amountFen, 0);
  return {
    ...fields,
    status: 'pending-payment',
    totalFen,
    patientDueFen: totalFen,
    paidFen: 0,
    refundedFen: 0,
    nationalInsuranceSettlementId: null,
    updatedAtMs: fields.createdAtMs,
  };
}
