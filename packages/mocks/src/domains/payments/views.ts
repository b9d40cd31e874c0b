/** Records → the spec's Order, Payment, Refund and SettlementStatement shapes, keys in the spec's order. */
import { money } from '../../engine/money.js';
import { formatLocal } from '../../engine/clock.js';
import type { OrderLineRecord, OrderRecord, PaymentRecord, RefundRecord } from './model.js';
import type { SettlementStatement } from './statements.js';


/** Where the simulated channel's payment page is. */
export function channelPaymentUrl(payment: PaymentRecord): string {
  return `https://pay.sandbox.careloop.dev/${payment.channel}/${payment.id}`;
}

function lineView(line: OrderLineRecord) {
  return {
    id: line.id,
    kind: line.kind,
    description: line.description,
    reference: line.reference,
    quantity: line.quantity,
    unitPrice: money(line.unitPriceFen),
    amount: money(line.amountFen),
    nationalInsurancePaid: money(line.nationalInsurancePaidFen),
    refunded: money(line.refundedFen),
  };
}

export function orderView(order: OrderRecord) {
  return {
    id: order.id,
    kind: order.kind,
    status: order.status,
    patientId: order.patientId,
    organizationId: order.organizationId,
    lines: order.lines.map(lineView),
    total: money(order.totalFen),
    patientDue: money(order.patientDueFen),
    paid: money(order.paidFen),
    refunded: money(order.refundedFen),
    nationalInsuranceSettlementId: order.nationalInsuranceSettlementId,
    expiresAt: order.expiresAtMs === null ? null : formatLocal(order.expiresAtMs),
    createdAt: formatLocal(order.createdAtMs),
    updatedAt: formatLocal(order.updatedAtMs),
  };
}

/** The parties of an order, heading the lists that belong to it (its payments, its refunds). */
export function orderParties(order: OrderRecord) {
  return { orderId: order.id, patientId: order.patientId, organizationId: order.organizationId };
}

export function paymentView(payment: PaymentRecord) {
  return {
    id: payment.id,
    orderId: payment.orderId,
    patientId: payment.patientId,
    organizationId: payment.organizationId,
    channel: payment.channel,
    status: payment.status,
    amount: money(payment.amountFen),
    channelPaymentUrl: channelPaymentUrl(payment),
    channelTransactionId: payment.channelTransactionId,
    amountMismatch: payment.amountMismatch,
    createdAt: formatLocal(payment.createdAtMs),
    updatedAt: formatLocal(payment.updatedAtMs),
  };
}

export function refundView(refund: RefundRecord) {
  return {
    id: refund.id,
    orderId: refund.orderId,
    patientId: refund.patientId,
    organizationId: refund.organizationId,
    lineId: refund.lineId,
    amount: money(refund.amountFen),
    reason: refund.reason,
    trigger: refund.trigger,
    status: 'succeeded' as const,
    createdAt: formatLocal(refund.createdAtMs),
  };
}

export function statementView(statement: SettlementStatement) {
  return {
    id: statement.id,
    organizationId: statement.organizationId,
    period: statement.period,
    lines: statement.lines.map((entry) => ({
      ledgerEntryId: entry.id,
      orderId: entry.orderId,
      orderLineId: entry.orderLineId,
      source: entry.source,
      kind: entry.kind,
      amount: money(entry.amountFen),
      reference: entry.reference,
      at: formatLocal(entry.atMs),
    })),
    totals: statement.totals.map((total) => ({ source: total.source, amount: money(total.amountFen) })),
    net: money(statement.netFen),
  };
}
