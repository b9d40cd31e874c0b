/** Payments and refunds, indexed by order; channel transactions already processed, for duplicate notifications. */
import { MultiIndex } from '../../engine/multi-index.js';
import type { PaymentRecord, RefundRecord } from './model.js';

export class PaymentStore {
  readonly payments = new Map<string, PaymentRecord>();
  readonly refunds = new Map<string, RefundRecord>();
  readonly paymentsByOrder = new MultiIndex();
  readonly refundsByOrder = new MultiIndex();
  /** channelTransactionId → the payment it settled (BR-PAY-2: a transaction takes effect once). */
  readonly processedTransactions = new Map<string, string>();

  addPayment(payment: PaymentRecord): void {
    this.payments.set(payment.id, payment);
    this.paymentsByOrder.add(payment.orderId, payment.id);
  }

  addRefund(refund: RefundRecord): void {
    this.refunds.set(refund.id, refund);
    this.refundsByOrder.add(refund.orderId, refund.id);
  }

  paymentsOf(orderId: string): PaymentRecord[] {
    return [...this.paymentsByOrder.get(orderId)].flatMap((id) => this.payments.get(id) ?? []);
  }

  refundsOf(orderId: string): RefundRecord[] {
    return [...this.refundsByOrder.get(orderId)].flatMap((id) => this.refunds.get(id) ?? []);
  }
}
