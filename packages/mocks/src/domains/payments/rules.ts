/**
 * The payment rules (PLATFORM.md §9). Each rule is decided here and only here; the service applies
 * the effects. Money is integer fen throughout: amounts are built from integers and split with
 * allocateFen, never through a float.
 */
import type { Money } from '../../engine/money.js';
import { allocateFen } from '@careloop/core';
import { formatLocal } from '../../engine/clock.js';
import { DomainError, invalidTransition, validationFailed } from '../../engine/problem.js';
import type { OrderLineKind, OrderLineRecord, OrderRecord, OrderStatus, PaymentRecord } from './model.js';
import { signatureMatches } from './channel-signature.js';

/** The largest amount the API carries (the spec's Money maximum). */
export const MAX_AMOUNT_FEN = 100_000_000_000;

export interface OrderLineInput {
  kind: OrderLineKind;
  description: string;
  reference?: string | null;
  quantity: number;
  unitPrice: Money;
}

/**
 * BR-PAY-1: an order's lines sum to its total. Each line's amount is quantity × unit price in integer
 * fen and the total is their sum, so the equality holds by construction; an order whose total would
 * leave the range of exact amounts is refused.
 */
export function buildOrderLines(orderId: string, inputs: readonly OrderLineInput[]): { lines: OrderLineRecord[]; totalFen: number } {
  const lines = inputs.map((input, index) => ({
    id: `${orderId}_l${index + 1}`,
    kind: input.kind,
    description: input.description,
    reference: input.reference ?? null,
    quantity: input.quantity,
    unitPriceFen: input.unitPrice.amountFen,
    amountFen: input.quantity * input.unitPrice.amountFen,
    nationalInsurancePaidFen: 0,
    refundedFen: 0,
  }));
  const totalFen = lines.reduce((sum, line) => sum + line.amountFen, 0);
  if (totalFen > MAX_AMOUNT_FEN) {
    throw validationFailed([{ pointer: '/body/lines', code: 'too_large', message: `the order total of ${totalFen} fen exceeds ${MAX_AMOUNT_FEN} fen` }]);
  }
  return { lines, totalFen };
}

/**
 * BR-PAY-4: an order is paid only while it is pending payment: an expired order is
 * PAYMENT_EXPIRED, a paid one ORDER_ALREADY_PAID, a cancelled one an invalid transition.
 */
export function assertPayable(order: OrderRecord): void {
  if (order.status === 'expired') {
    const at = order.expiresAtMs === null ? '' : ` at ${formatLocal(order.expiresAtMs)}`;
    throw new DomainError(409, 'PAYMENT_EXPIRED', `Order ${order.id} expired${at}; ask for a new order (BR-PAY-4).`);
  }
  assertNotPaid(order);
  if (order.status !== 'pending-payment') throw invalidTransition('order', order.status, 'pending-payment');
}

/** BR-PAY-4: a paid order is never paid (or cancelled) again; it is refunded instead. */
export function assertNotPaid(order: OrderRecord): void {
  if (PAID_STATES.has(order.status)) {
    throw new DomainError(409, 'ORDER_ALREADY_PAID', `Order ${order.id} is already paid; refund it instead (BR-PAY-4).`);
  }
}

const PAID_STATES: ReadonlySet<OrderStatus> = new Set(['paid', 'partially-refunded', 'refunded']);

export function assertCancellable(order: OrderRecord): void {
  assertNotPaid(order);
  if (order.status !== 'pending-payment') throw invalidTransition('order', order.status, 'pending-payment');
}

/** BR-PAY-2: a channel notification is accepted only with the channel's signature over the raw body. */
export function assertChannelSignature(rawBody: string, signature: string | null): void {
  if (!signatureMatches(rawBody, signature)) {
    throw new DomainError(401, 'UNAUTHENTICATED', 'The Channel-Signature does not match the body (BR-PAY-2).');
  }
}

/** BR-PAY-2: the amount a channel reports must be the payment's, or nothing happens (the payment is flagged). */
export function amountMatches(payment: PaymentRecord, reportedFen: number): boolean {
  return payment.amountFen === reportedFen;
}

export function amountMismatch(payment: PaymentRecord, reportedFen: number): DomainError {
  return new DomainError(
    409,
    'AMOUNT_MISMATCH',
    `The channel reported ${reportedFen} fen for payment ${payment.id} of ${payment.amountFen} fen; the payment is flagged for reconciliation (BR-PAY-2).`,
  );
}

export function assertPaymentPending(payment: PaymentRecord): void {
  if (payment.status !== 'pending') throw invalidTransition('payment', payment.status, 'pending');
}

/** What of a line the patient paid and has not had back. */
export function lineRefundableFen(line: OrderLineRecord): number {
  return line.amountFen - line.nationalInsurancePaidFen - line.refundedFen;
}

/** What of the order the patient paid and has not had back. */
export function orderRefundableFen(order: OrderRecord): number {
  return order.paidFen - order.refundedFen;
}

/**
 * BR-PAY-3: a refund never exceeds what the patient paid minus what was refunded — on the order,
 * and on the line when it names one. Returns the amount per line, split over the lines in
 * proportion to what is refundable on each when no line is named.
 */
export function refundShares(order: OrderRecord, amountFen: number, line: OrderLineRecord | undefined): { lineId: string; amountFen: number }[] {
  if (!PAID_STATES.has(order.status)) throw invalidTransition('order', order.status, 'paid or partially-refunded');
  const refundableFen = Math.min(orderRefundableFen(order), line === undefined ? Number.MAX_SAFE_INTEGER : lineRefundableFen(line));
  if (amountFen > refundableFen) {
    throw new DomainError(
      422,
      'REFUND_EXCEEDS_PAID',
      `At most ${refundableFen} fen of this ${line === undefined ? 'order' : 'line'} can still be refunded; ${amountFen} fen were asked (BR-PAY-3).`,
    );
  }
  if (line !== undefined) return [{ lineId: line.id, amountFen }];
  const weights = order.lines.map(lineRefundableFen);
  // allocateFen shares never exceed their weight while amountFen ≤ Σ weights: no line goes negative.
  return allocateFen(amountFen, weights).flatMap((share, index) => (share > 0 ? [{ lineId: order.lines[index]?.id ?? '', amountFen: share }] : []));
}
