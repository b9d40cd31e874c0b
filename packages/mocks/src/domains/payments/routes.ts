/** Payment operations, keyed by operationId: read the request, call the service, shape the answer. */
import { organizationOnly, page, pathParam, patientOnly, queryString, requireCaller, type HandlerContext, type RouteTable } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { Ledger } from '../../engine/ledger.js';
import type { PaymentChannel } from './model.js';
import type { CreateOrderInput, CreateRefundInput, PaymentNotificationInput, PaymentService } from './service.js';
import { statementsOf, visibleStatement } from './statements.js';
import { orderParties, orderView, paymentView, refundView, statementView } from './views.js';

export function paymentRoutes(service: PaymentService, ledger: Ledger): RouteTable {
  const orderId = (context: HandlerContext) => pathParam(context, 'orderId');

  return {
    createOrder(context) {
      return { status: 201, body: orderView(service.createOrder(organizationOnly(context), context.body as CreateOrderInput, context.nowMs)) };
    },

    listOrders(context) {
      const records = service.listOrders(requireCaller(context), {
        status: queryString(context.query, 'status'),
        patientId: queryString(context.query, 'patientId'),
      });
      // Newest first; ties by id.
      return { status: 200, body: paginate(records, { keyOf: (o) => [-o.createdAtMs, o.id], view: orderView, ...page(context) }) };
    },

    getOrder(context) {
      return { status: 200, body: orderView(service.visibleOrder(requireCaller(context), orderId(context))) };
    },

    cancelOrder(context) {
      return { status: 200, body: orderView(service.cancelOrder(requireCaller(context), orderId(context), context.nowMs)) };
    },

    createPayment(context) {
      const { channel } = context.body as { channel: PaymentChannel };
      return { status: 201, body: paymentView(service.createPayment(patientOnly(context), orderId(context), channel, context.nowMs)) };
    },

    listPayments(context) {
      const order = service.visibleOrder(requireCaller(context), orderId(context));
      const records = service.paymentsOf(order);
      return { status: 200, body: { ...orderParties(order), ...paginate(records, { keyOf: (p) => [p.createdAtMs, p.id], view: paymentView, ...page(context) }) } };
    },

    getPayment(context) {
      return { status: 200, body: paymentView(service.visiblePayment(requireCaller(context), pathParam(context, 'paymentId'))) };
    },

    receivePaymentNotification(context) {
      const signature = context.header?.('channel-signature') ?? null;
      const receipt = service.receiveNotification(context.bodyText ?? '', signature, context.body as PaymentNotificationInput, context.nowMs);
      return { status: 200, body: { paymentId: receipt.payment.id, paymentStatus: receipt.payment.status, duplicate: receipt.duplicate } };
    },

    createRefund(context) {
      return { status: 201, body: refundView(service.createRefund(organizationOnly(context), orderId(context), context.body as CreateRefundInput, context.nowMs)) };
    },

    listRefunds(context) {
      const order = service.visibleOrder(requireCaller(context), orderId(context));
      const records = service.refundsOf(order);
      return { status: 200, body: { ...orderParties(order), ...paginate(records, { keyOf: (r) => [r.createdAtMs, r.id], view: refundView, ...page(context) }) } };
    },

    listSettlementStatements(context) {
      const statements = statementsOf(ledger, organizationOnly(context), queryString(context.query, 'period'));
      // Newest period first.
      return { status: 200, body: paginate(statements, { keyOf: (s) => [-Number(s.period.replace('-', '')), s.id], view: statementView, ...page(context) }) };
    },

    getSettlementStatement(context) {
      return { status: 200, body: statementView(visibleStatement(ledger, organizationOnly(context), pathParam(context, 'statementId'))) };
    },
  };
}
