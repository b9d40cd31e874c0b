/**
 * Orders, payments and refunds: tenancy, the rules of rules.ts, and their effects (state, events,
 * the ledger, timers, hooks). Every method is synchronous, so each check and the change it guards
 * happen atomically.
 *
 * Tenancy: the patient and the payee organization see an order, its payments and refunds; anyone
 * else gets 404. Patients pay; payees create orders and refund.
 */
import type { Money } from '../../engine/money.js';
import type { Caller } from '../../engine/auth.js';
import type { EventType } from '../../engine/events.js';
import { notFound, validationFailed } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import type { AppointmentRecord } from '../scheduling/model.js';
import { unpaidOrder, type OrderKind, type OrderRecord, type PaymentChannel, type PaymentRecord, type RefundRecord, type RefundTrigger } from './model.js';
import type { PaymentStore } from './payment-store.js';
import {
  amountMatches,
  amountMismatch,
  assertCancellable,
  assertChannelSignature,
  assertPayable,
  assertPaymentPending,
  buildOrderLines,
  refundShares,
  type OrderLineInput,
} from './rules.js';

export const ORDER_EXPIRY_TIMER = 'order-expiry';
/** An unpaid order expires this long after it was created. */
export const ORDER_LIFETIME_MS = 30 * 60_000;

export interface CreateOrderInput {
  patientId: string;
  kind: OrderKind;
  lines: OrderLineInput[];
}

export interface PaymentNotificationInput {
  channel: PaymentChannel;
  paymentId: string;
  channelTransactionId: string;
  status: 'succeeded' | 'failed';
  amount: Money;
}

export interface NotificationReceipt {
  payment: PaymentRecord;
  duplicate: boolean;
}

export interface CreateRefundInput {
  amount: Money;
  lineId?: string;
  reason: string;
}

export class PaymentService {
  constructor(
    private readonly store: PaymentStore,
    private readonly services: PlatformServices,
  ) {
    services.hooks.appointmentCancelled.on((appointment, atMs) => this.settleCancelledAppointment(appointment, atMs));
  }

  visibleOrder(caller: Caller, id: string): OrderRecord {
    const order = this.services.orders.get(id);
    if (!order || !partyOf(caller, order)) throw notFound('order', id);
    return order;
  }

  /** An order the organization is the payee of (for the payee's actions). */
  private payeeOrder(organizationId: string, id: string): OrderRecord {
    const order = this.services.orders.get(id);
    if (!order || order.organizationId !== organizationId) throw notFound('order', id);
    return order;
  }

  createOrder(organizationId: string, input: CreateOrderInput, nowMs: number): OrderRecord {
    if (!this.services.patients.get(input.patientId)) {
      throw validationFailed([{ pointer: '/body/patientId', code: 'not_found', message: `no patient ${input.patientId}` }]);
    }
    const id = this.services.ids.next('ord');
    const { lines } = buildOrderLines(id, input.lines);
    const order = unpaidOrder({
      id,
      kind: input.kind,
      patientId: input.patientId,
      organizationId,
      lines,
      expiresAtMs: nowMs + ORDER_LIFETIME_MS,
      createdAtMs: nowMs,
    });
    this.services.orders.add(order);
    this.services.timers.schedule({ atMs: order.expiresAtMs ?? nowMs, kind: ORDER_EXPIRY_TIMER, target: order.id });
    this.emitOrder('order.created', order, nowMs);
    return order;
  }

  listOrders(caller: Caller, query: { status?: string | undefined; patientId?: string | undefined }): OrderRecord[] {
    const { orders } = this.services;
    const ids = caller.kind === 'patient' ? orders.byPatient.get(caller.patientId) : orders.byOrganization.get(caller.organizationId);
    return [...ids].flatMap((id) => {
      const order = orders.get(id);
      if (!order || (query.status !== undefined && order.status !== query.status)) return [];
      if (query.patientId !== undefined && order.patientId !== query.patientId) return [];
      return [order];
    });
  }

  cancelOrder(caller: Caller, id: string, nowMs: number): OrderRecord {
    const order = this.visibleOrder(caller, id);
    assertCancellable(order);
    this.endUnpaid(order, 'cancelled', 'order.cancelled', nowMs);
    return order;
  }

  /** The order-expiry timer: an order still unpaid 30 minutes after creation expires. */
  expireOrder(id: string, atMs: number): void {
    const order = this.services.orders.get(id);
    // An order with nothing left to pay (national insurance covers it all) has no expiry any more.
    if (order?.status === 'pending-payment' && order.expiresAtMs !== null && order.expiresAtMs <= atMs) this.endUnpaid(order, 'expired', 'order.expired', atMs);
  }

  createPayment(patientId: string, orderId: string, channel: PaymentChannel, nowMs: number): PaymentRecord {
    const order = this.services.orders.get(orderId);
    if (!order || order.patientId !== patientId) throw notFound('order', orderId);
    assertPayable(order);
    const payment: PaymentRecord = {
      id: this.services.ids.next('pay'),
      orderId: order.id,
      patientId,
      organizationId: order.organizationId,
      channel,
      // Placed with the (simulated) channel in the same step: created → pending at once.
      status: 'pending',
      amountFen: order.patientDueFen - order.paidFen,
      channelTransactionId: null,
      amountMismatch: false,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.store.addPayment(payment);
    this.emitPayment('payment.pending', payment, nowMs);
    return payment;
  }

  visiblePayment(caller: Caller, id: string): PaymentRecord {
    const payment = this.store.payments.get(id);
    if (!payment || !partyOf(caller, payment)) throw notFound('payment', id);
    return payment;
  }

  /** The payments of an order the caller already sees. */
  paymentsOf(order: OrderRecord): PaymentRecord[] {
    return this.store.paymentsOf(order.id);
  }

  /** The refunds of an order the caller already sees. */
  refundsOf(order: OrderRecord): RefundRecord[] {
    return this.store.refundsOf(order.id);
  }

  /**
   * BR-PAY-2: a channel's signed notification, processed once per channel transaction. A duplicate
   * changes nothing; a wrong amount flags the payment and changes nothing else.
   */
  receiveNotification(rawBody: string, signature: string | null, input: PaymentNotificationInput, nowMs: number): NotificationReceipt {
    assertChannelSignature(rawBody, signature);
    const processed = this.store.processedTransactions.get(input.channelTransactionId);
    if (processed !== undefined) {
      const payment = this.store.payments.get(processed);
      if (payment) return { payment, duplicate: true };
    }
    const payment = this.store.payments.get(input.paymentId);
    if (!payment || payment.channel !== input.channel) throw notFound('payment', input.paymentId);
    assertPaymentPending(payment);
    if (!amountMatches(payment, input.amount.amountFen)) {
      payment.amountMismatch = true;
      throw amountMismatch(payment, input.amount.amountFen);
    }
    this.store.processedTransactions.set(input.channelTransactionId, payment.id);
    payment.channelTransactionId = input.channelTransactionId;
    payment.updatedAtMs = nowMs;
    const order = this.orderOf(payment);
    if (input.status === 'failed') {
      payment.status = 'failed';
      this.emitPayment('payment.failed', payment, nowMs);
      this.services.hooks.paymentFailed.emit(order, payment, nowMs);
    } else {
      payment.status = 'succeeded';
      this.emitPayment('payment.succeeded', payment, nowMs);
      this.recordPayment(order, payment, nowMs);
    }
    return { payment, duplicate: false };
  }

  createRefund(organizationId: string, orderId: string, input: CreateRefundInput, nowMs: number): RefundRecord {
    const order = this.payeeOrder(organizationId, orderId);
    if (input.amount.amountFen <= 0) {
      throw validationFailed([{ pointer: '/body/amount/amountFen', code: 'minimum', message: 'a refund is at least 1 fen' }]);
    }
    const line = input.lineId === undefined ? undefined : order.lines.find((candidate) => candidate.id === input.lineId);
    if (input.lineId !== undefined && !line) {
      throw validationFailed([{ pointer: '/body/lineId', code: 'not_found', message: `no line ${input.lineId} in order ${order.id}` }]);
    }
    return this.refund(order, input.amount.amountFen, line?.id ?? null, input.reason, 'payee', nowMs, line);
  }

  /**
   * A cancelled appointment's registration order: refunded the amount scheduling decided
   * (BR-SCH-5, before the cut-off) when paid; cancelled when still unpaid.
   */
  private settleCancelledAppointment(appointment: AppointmentRecord, atMs: number): void {
    const refundFen = appointment.cancellation?.refundFen ?? 0;
    for (const order of this.services.orders.referencing(appointment.id)) {
      if (order.kind !== 'registration') continue;
      if (order.status === 'pending-payment') {
        this.endUnpaid(order, 'cancelled', 'order.cancelled', atMs);
      } else if ((order.status === 'paid' || order.status === 'partially-refunded') && refundFen > 0) {
        const amountFen = Math.min(refundFen, order.paidFen - order.refundedFen);
        if (amountFen > 0) this.refund(order, amountFen, null, 'Appointment cancelled before the cut-off', 'appointment-cancelled', atMs, undefined);
      }
    }
  }

  private refund(
    order: OrderRecord,
    amountFen: number,
    lineId: string | null,
    reason: string,
    trigger: RefundTrigger,
    nowMs: number,
    line: OrderRecord['lines'][number] | undefined,
  ): RefundRecord {
    const shares = refundShares(order, amountFen, line);
    const refund: RefundRecord = {
      id: this.services.ids.next('rfd'),
      orderId: order.id,
      patientId: order.patientId,
      organizationId: order.organizationId,
      lineId,
      amountFen,
      reason,
      trigger,
      createdAtMs: nowMs,
    };
    this.store.addRefund(refund);
    for (const share of shares) {
      const refundedLine = order.lines.find((candidate) => candidate.id === share.lineId);
      if (refundedLine) refundedLine.refundedFen += share.amountFen;
      this.services.ledger.append({
        payeeOrganizationId: order.organizationId,
        orderId: order.id,
        orderLineId: share.lineId,
        source: 'patient',
        kind: 'refund',
        amountFen: -share.amountFen,
        reference: refund.id,
        atMs: nowMs,
      });
    }
    order.refundedFen += amountFen;
    order.status = order.refundedFen >= order.paidFen ? 'refunded' : 'partially-refunded';
    order.updatedAtMs = nowMs;
    this.services.events.emit('refund.succeeded', { object: 'refund', id: refund.id, status: 'succeeded', organizationId: order.organizationId, patientId: order.patientId }, nowMs);
    this.emitOrder('order.refunded', order, nowMs);
    return refund;
  }

  /** A succeeded payment: the money goes into the ledger; once the patient share is covered, the order is paid. */
  private recordPayment(order: OrderRecord, payment: PaymentRecord, nowMs: number): void {
    this.services.ledger.append({
      payeeOrganizationId: order.organizationId,
      orderId: order.id,
      orderLineId: null,
      source: 'patient',
      kind: 'payment',
      amountFen: payment.amountFen,
      reference: payment.id,
      atMs: nowMs,
    });
    order.paidFen += payment.amountFen;
    order.updatedAtMs = nowMs;
    if (order.status !== 'pending-payment' || order.paidFen < order.patientDueFen) return;
    order.status = 'paid';
    order.expiresAtMs = null;
    this.closePending(order, nowMs);
    this.emitOrder('order.paid', order, nowMs);
    this.services.hooks.orderPaid.emit(order, nowMs);
  }

  private endUnpaid(order: OrderRecord, status: 'cancelled' | 'expired', type: EventType, nowMs: number): void {
    order.status = status;
    order.expiresAtMs = null;
    order.updatedAtMs = nowMs;
    this.closePending(order, nowMs);
    this.emitOrder(type, order, nowMs);
  }

  private closePending(order: OrderRecord, nowMs: number): void {
    for (const payment of this.store.paymentsOf(order.id)) {
      if (payment.status !== 'pending') continue;
      payment.status = 'closed';
      payment.updatedAtMs = nowMs;
      this.emitPayment('payment.closed', payment, nowMs);
    }
  }

  private orderOf(payment: PaymentRecord): OrderRecord {
    const order = this.services.orders.get(payment.orderId);
    if (!order) throw new Error(`Payment ${payment.id} has no order`);
    return order;
  }

  private emitOrder(type: EventType, order: OrderRecord, nowMs: number): void {
    this.services.events.emit(type, { object: 'order', id: order.id, status: order.status, organizationId: order.organizationId, patientId: order.patientId }, nowMs);
  }

  private emitPayment(type: EventType, payment: PaymentRecord, nowMs: number): void {
    this.services.events.emit(
      type,
      { object: 'payment', id: payment.id, status: payment.status, organizationId: payment.organizationId, patientId: payment.patientId },
      nowMs,
    );
  }
}

function partyOf(caller: Caller, resource: { patientId: string; organizationId: string }): boolean {
  return caller.kind === 'patient' ? resource.patientId === caller.patientId : resource.organizationId === caller.organizationId;
}

