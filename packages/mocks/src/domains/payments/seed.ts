/**
 * Seeded orders, payments and a refund, one per state the documented examples need. Times are on
 * the seeded clock (2026-06-01T08:00+08:00 is "now").
 *
 * Wang Fang's unpaid orders (hers, because they expire 30 minutes on and their events should not
 * crowd the feeds other domains' tests read): ord_wangfang_pending (registration at org_qtph, no
 * payment yet); ord_wangfang_awaiting (online consultation at org_qtih, with
 * pay_wangfang_wechat_pending awaiting the channel's notification). Li Na's ord_lina_paid (drugs and
 * delivery at org_qtph, paid in May, the delivery fee refunded: rfd_lina_delivery) — the ledger holds
 * its payment and refund, so org_qtph's statement stm_qtph_202605 has two lines.
 */
import type { PlatformServices } from '../../services.js';
import type { OrderLineRecord, OrderRecord, PaymentRecord, RefundRecord } from './model.js';
import type { PaymentStore } from './payment-store.js';
import { ORDER_EXPIRY_TIMER } from './service.js';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-06-01T08:00:00+08:00');
const MINUTE = 60_000;

function line(orderId: string, n: number, fields: Pick<OrderLineRecord, 'kind' | 'description' | 'reference' | 'quantity' | 'unitPriceFen'>, refundedFen = 0): OrderLineRecord {
  return { id: `${orderId}_l${n}`, ...fields, amountFen: fields.quantity * fields.unitPriceFen, nationalInsurancePaidFen: 0, refundedFen };
}

function order(fields: Omit<OrderRecord, 'totalFen' | 'patientDueFen' | 'nationalInsuranceSettlementId' | 'updatedAtMs'> & { updatedAtMs?: number }): OrderRecord {
  const totalFen = fields.lines.reduce((sum, each) => sum + each.amountFen, 0);
  return { ...fields, totalFen, patientDueFen: totalFen, nationalInsuranceSettlementId: null, updatedAtMs: fields.updatedAtMs ?? fields.createdAtMs };
}

const PAID_AT = at('2026-05-20T10:05:00+08:00');
const REFUNDED_AT = at('2026-05-21T09:00:00+08:00');

export function seedOrders(): OrderRecord[] {
  return [
    order({
      id: 'ord_wangfang_pending',
      kind: 'registration',
      status: 'pending-payment',
      patientId: 'pat_wangfang',
      organizationId: 'org_qtph',
      lines: [line('ord_wangfang_pending', 1, { kind: 'registration-fee', description: 'Endocrinology expert registration, 2026-06-03 am', reference: null, quantity: 1, unitPriceFen: 5000 })],
      paidFen: 0,
      refundedFen: 0,
      expiresAtMs: NOW + 25 * MINUTE,
      createdAtMs: NOW - 5 * MINUTE,
    }),
    order({
      id: 'ord_wangfang_awaiting',
      kind: 'consultation',
      status: 'pending-payment',
      patientId: 'pat_wangfang',
      organizationId: 'org_qtih',
      lines: [line('ord_wangfang_awaiting', 1, { kind: 'consultation-fee', description: 'Online consultation', reference: null, quantity: 1, unitPriceFen: 3000 })],
      paidFen: 0,
      refundedFen: 0,
      expiresAtMs: NOW + 20 * MINUTE,
      createdAtMs: NOW - 10 * MINUTE,
    }),
    order({
      id: 'ord_lina_paid',
      kind: 'drug',
      status: 'partially-refunded',
      patientId: 'pat_lina',
      organizationId: 'org_qtph',
      lines: [
        line('ord_lina_paid', 1, { kind: 'drug', description: 'Metformin hydrochloride 0.5 g × 60 tablets', reference: 'rx_lina_active', quantity: 2, unitPriceFen: 2800 }),
        line('ord_lina_paid', 2, { kind: 'delivery-fee', description: 'Home delivery', reference: null, quantity: 1, unitPriceFen: 800 }, 800),
      ],
      paidFen: 6400,
      refundedFen: 800,
      expiresAtMs: null,
      createdAtMs: at('2026-05-20T10:00:00+08:00'),
      updatedAtMs: REFUNDED_AT,
    }),
  ];
}

export const SEED_PAYMENTS: readonly PaymentRecord[] = [
  {
    id: 'pay_wangfang_wechat_pending',
    orderId: 'ord_wangfang_awaiting',
    patientId: 'pat_wangfang',
    organizationId: 'org_qtih',
    channel: 'wechat',
    status: 'pending',
    amountFen: 3000,
    channelTransactionId: null,
    amountMismatch: false,
    createdAtMs: NOW - 8 * MINUTE,
    updatedAtMs: NOW - 8 * MINUTE,
  },
  {
    id: 'pay_lina_alipay_succeeded',
    orderId: 'ord_lina_paid',
    patientId: 'pat_lina',
    organizationId: 'org_qtph',
    channel: 'alipay',
    status: 'succeeded',
    amountFen: 6400,
    channelTransactionId: 'ali_2026052010050001',
    amountMismatch: false,
    createdAtMs: at('2026-05-20T10:02:00+08:00'),
    updatedAtMs: PAID_AT,
  },
];

export const SEED_REFUNDS: readonly RefundRecord[] = [
  {
    id: 'rfd_lina_delivery',
    orderId: 'ord_lina_paid',
    patientId: 'pat_lina',
    organizationId: 'org_qtph',
    lineId: 'ord_lina_paid_l2',
    amountFen: 800,
    reason: 'Picked up at the hospital pharmacy instead of delivery',
    trigger: 'payee',
    createdAtMs: REFUNDED_AT,
  },
];

export function seedPayments(store: PaymentStore, services: PlatformServices): void {
  for (const record of seedOrders()) {
    services.orders.add(record);
    if (record.expiresAtMs !== null) services.timers.schedule({ atMs: record.expiresAtMs, kind: ORDER_EXPIRY_TIMER, target: record.id });
  }
  for (const payment of structuredClone(SEED_PAYMENTS) as PaymentRecord[]) {
    store.addPayment(payment);
    if (payment.channelTransactionId !== null) store.processedTransactions.set(payment.channelTransactionId, payment.id);
  }
  for (const refund of structuredClone(SEED_REFUNDS) as RefundRecord[]) store.addRefund(refund);
  // The money that moved for ord_lina_paid: its payment in, the delivery fee back out.
  const base = { payeeOrganizationId: 'org_qtph', orderId: 'ord_lina_paid', source: 'patient' } as const;
  services.ledger.append({ ...base, orderLineId: null, kind: 'payment', amountFen: 6400, reference: 'pay_lina_alipay_succeeded', atMs: PAID_AT });
  services.ledger.append({ ...base, orderLineId: 'ord_lina_paid_l2', kind: 'refund', amountFen: -800, reference: 'rfd_lina_delivery', atMs: REFUNDED_AT });
}
