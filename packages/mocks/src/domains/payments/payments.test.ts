import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, MOBILE, orgToken, patientLogin, testPlatform } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';
import { channelSignature, hmacSha256Hex } from './channel-signature.js';
import { buildOrderLines } from './rules.js';

const MINUTE = 60_000;
const sign = (text: string) => createHmac('sha256', 'sk_channel_sandbox').update(text).digest('hex');

const registrationOrder = {
  patientId: 'pat_lina',
  kind: 'registration',
  lines: [{ kind: 'registration-fee', description: 'Endocrinology expert registration', reference: 'apt_lina_0603', quantity: 1, unitPrice: { amountFen: 5000, currency: 'CNY' } }],
};

async function notify(platform: MockPlatform, body: Record<string, unknown>, signature?: string) {
  const text = JSON.stringify(body);
  return call(platform, 'POST', '/v1/payment-notifications', { rawBody: text, headers: { 'Channel-Signature': signature ?? sign(text) } });
}

function success(paymentId: string, amountFen: number, channelTransactionId = `wx_${paymentId}`) {
  return { channel: 'wechat', paymentId, channelTransactionId, status: 'succeeded', amount: { amountFen, currency: 'CNY' } };
}

/** A new order by org_qtph for Li Na, with a pending wechat payment. */
async function orderWithPayment(platform: MockPlatform, order: unknown = registrationOrder) {
  const hospital = await orgToken(platform, 'qtph');
  const lina = await patientLogin(platform, MOBILE.lina);
  const created = await call(platform, 'POST', '/v1/orders', { token: hospital, body: order });
  expect(created.status).toBe(201);
  const payment = await call(platform, 'POST', `/v1/orders/${created.body.id}/payments`, { token: lina.token, body: { channel: 'wechat' } });
  expect(payment.status).toBe(201);
  return { hospital, lina: lina.token, order: created.body, payment: payment.body };
}

async function events(platform: MockPlatform, token: string): Promise<{ type: string; data: { id: string; status: string } }[]> {
  return (await call(platform, 'GET', '/v1/events?limit=100', { token })).body.data;
}

describe('channel signature', () => {
  it('is HMAC-SHA256 in hex, equal to node:crypto for any body', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 100 }), (body, secret) => {
        expect(hmacSha256Hex(secret, body)).toBe(createHmac('sha256', secret).update(body).digest('hex'));
      }),
      { numRuns: 200 },
    );
    expect(channelSignature('{}')).toBe(sign('{}'));
  });
});

describe('orders', () => {
  it('a hospital creates an order: pending payment, total Σ lines, expiring in 30 minutes; order.created is emitted', async () => {
    const platform = testPlatform();
    const hospital = await orgToken(platform, 'qtph');
    const result = await call(platform, 'POST', '/v1/orders', {
      token: hospital,
      body: { ...registrationOrder, lines: [...registrationOrder.lines, { kind: 'delivery-fee', description: 'Delivery', quantity: 3, unitPrice: { amountFen: 333, currency: 'CNY' } }] },
    });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ status: 'pending-payment', total: { amountFen: 5999 }, patientDue: { amountFen: 5999 }, expiresAt: '2026-06-01T08:30:00+08:00' });
    expect(result.body.lines[1]).toMatchObject({ id: `${result.body.id}_l2`, amount: { amountFen: 999 } });
    expect((await events(platform, hospital)).some((e) => e.type === 'order.created' && e.data.id === result.body.id)).toBe(true);
  });

  it('BR-PAY-1: an order whose total leaves the range of exact amounts is refused with VALIDATION_FAILED; lines always sum to the total', async () => {
    const platform = testPlatform();
    const hospital = await orgToken(platform, 'qtph');
    const huge = { kind: 'drug', description: 'Bulk', quantity: 1000, unitPrice: { amountFen: 100_000_000_000, currency: 'CNY' } };
    const result = await call(platform, 'POST', '/v1/orders', { token: hospital, body: { ...registrationOrder, lines: [huge] } });
    expect([result.status, result.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    fc.assert(
      fc.property(fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 1000 }), fen: fc.integer({ min: 0, max: 1_000_000 }) }), { minLength: 1, maxLength: 50 }), (lines) => {
        const built = buildOrderLines('ord_x', lines.map((l) => ({ kind: 'drug', description: 'x', quantity: l.quantity, unitPrice: { amountFen: l.fen, currency: 'CNY' } })));
        expect(built.totalFen).toBe(built.lines.reduce((sum, line) => sum + line.amountFen, 0));
        for (const line of built.lines) expect(Number.isSafeInteger(line.amountFen)).toBe(true);
      }),
    );
  });

  it('an unknown patient is VALIDATION_FAILED at /body/patientId', async () => {
    const platform = testPlatform();
    const result = await call(platform, 'POST', '/v1/orders', { token: await orgToken(platform, 'qtph'), body: { ...registrationOrder, patientId: 'pat_nobody' } });
    expect(result.body.errors[0].pointer).toBe('/body/patientId');
  });

  it('another tenant gets 404 for an order; lists show only the caller’s own', async () => {
    const platform = testPlatform();
    const other = await orgToken(platform, 'qtih');
    expect((await call(platform, 'GET', '/v1/orders/ord_wangfang_pending', { token: other })).body.code).toBe('NOT_FOUND');
    const lina = await patientLogin(platform, MOBILE.lina);
    expect((await call(platform, 'GET', '/v1/orders/ord_wangfang_pending', { token: lina.token })).status).toBe(404);
    const list = await call(platform, 'GET', '/v1/orders', { token: other });
    expect(list.body.data.map((o: { id: string }) => o.id)).toEqual(['ord_wangfang_awaiting']);
  });

  it('an unpaid order expires after 30 minutes and its pending payment is closed', async () => {
    const platform = testPlatform();
    const { lina, order, payment } = await orderWithPayment(platform);
    platform.clock.advance(30 * MINUTE);
    expect((await call(platform, 'GET', `/v1/orders/${order.id}`, { token: lina })).body).toMatchObject({ status: 'expired', expiresAt: null });
    expect((await call(platform, 'GET', `/v1/payments/${payment.id}`, { token: lina })).body.status).toBe('closed');
    const types = (await events(platform, lina)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['order.expired', 'payment.closed']));
  });

  it('cancelling a cancelled order is INVALID_STATE_TRANSITION', async () => {
    const platform = testPlatform();
    const wangfang = await patientLogin(platform, MOBILE.wangfang);
    expect((await call(platform, 'POST', '/v1/orders/ord_wangfang_pending/cancel', { token: wangfang.token })).body.status).toBe('cancelled');
    const again = await call(platform, 'POST', '/v1/orders/ord_wangfang_pending/cancel', { token: wangfang.token });
    expect([again.status, again.body.code, again.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'cancelled']);
  });
});

describe('payments', () => {
  it('a signed success notification pays the order, records the ledger entry and emits payment.succeeded and order.paid', async () => {
    const platform = testPlatform();
    const { hospital, lina, order, payment } = await orderWithPayment(platform);
    expect(payment).toMatchObject({ status: 'pending', amount: { amountFen: 5000 }, channelPaymentUrl: `https://pay.sandbox.careloop.dev/wechat/${payment.id}` });
    const receipt = await notify(platform, success(payment.id, 5000));
    expect(receipt.body).toEqual({ paymentId: payment.id, paymentStatus: 'succeeded', duplicate: false });
    expect((await call(platform, 'GET', `/v1/orders/${order.id}`, { token: lina })).body).toMatchObject({ status: 'paid', paid: { amountFen: 5000 } });
    const statement = await call(platform, 'GET', '/v1/settlement-statements/stm_qtph_202606', { token: hospital });
    expect(statement.body.lines).toEqual([expect.objectContaining({ orderId: order.id, source: 'patient', kind: 'payment', amount: { amountFen: 5000, currency: 'CNY' }, reference: payment.id })]);
    const types = (await events(platform, hospital)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['payment.pending', 'payment.succeeded', 'order.paid']));
  });

  it('BR-PAY-2: a notification with a wrong or missing signature is refused with UNAUTHENTICATED', async () => {
    const platform = testPlatform();
    const body = success('pay_wangfang_wechat_pending', 3000);
    const forged = await notify(platform, body, sign(JSON.stringify({ ...body, amount: { amountFen: 1, currency: 'CNY' } })));
    expect([forged.status, forged.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    const unsigned = await call(platform, 'POST', '/v1/payment-notifications', { body });
    expect([unsigned.status, unsigned.body.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('BR-PAY-2: the signature covers the raw body as sent, whitespace included', async () => {
    const platform = testPlatform();
    const text = JSON.stringify(success('pay_wangfang_wechat_pending', 3000), null, 2);
    const result = await call(platform, 'POST', '/v1/payment-notifications', { rawBody: text, headers: { 'Channel-Signature': sign(text) } });
    expect(result.body.paymentStatus).toBe('succeeded');
  });

  it('BR-PAY-2: a duplicate notification answers duplicate: true and moves no money twice', async () => {
    const platform = testPlatform();
    const body = success('pay_wangfang_wechat_pending', 3000);
    expect((await notify(platform, body)).body.duplicate).toBe(false);
    const again = await notify(platform, body);
    expect([again.status, again.body.duplicate]).toEqual([200, true]);
    const qtih = await orgToken(platform, 'qtih');
    const statement = await call(platform, 'GET', '/v1/settlement-statements/stm_qtih_202606', { token: qtih });
    expect(statement.body.net.amountFen).toBe(3000);
    expect(statement.body.lines).toHaveLength(1);
  });

  it('BR-PAY-2: an amount different from the payment is refused with AMOUNT_MISMATCH; the payment stays pending, flagged', async () => {
    const platform = testPlatform();
    const result = await notify(platform, success('pay_wangfang_wechat_pending', 2900));
    expect([result.status, result.body.code]).toEqual([409, 'AMOUNT_MISMATCH']);
    const wangfang = await patientLogin(platform, MOBILE.wangfang);
    const payment = await call(platform, 'GET', '/v1/payments/pay_wangfang_wechat_pending', { token: wangfang.token });
    expect(payment.body).toMatchObject({ status: 'pending', amountMismatch: true, channelTransactionId: null });
    expect((await call(platform, 'GET', '/v1/orders/ord_wangfang_awaiting', { token: wangfang.token })).body.status).toBe('pending-payment');
  });

  it('a failed notification fails the payment and leaves the order payable', async () => {
    const platform = testPlatform();
    const result = await notify(platform, { ...success('pay_wangfang_wechat_pending', 3000), status: 'failed' });
    expect(result.body.paymentStatus).toBe('failed');
    const wangfang = await patientLogin(platform, MOBILE.wangfang);
    expect((await call(platform, 'POST', '/v1/orders/ord_wangfang_awaiting/payments', { token: wangfang.token, body: { channel: 'alipay' } })).status).toBe(201);
  });

  it('BR-PAY-4: paying an expired order is refused with PAYMENT_EXPIRED', async () => {
    const platform = testPlatform();
    platform.clock.advance(25 * MINUTE);
    const wangfang = await patientLogin(platform, MOBILE.wangfang);
    const result = await call(platform, 'POST', '/v1/orders/ord_wangfang_pending/payments', { token: wangfang.token, body: { channel: 'alipay' } });
    expect([result.status, result.body.code]).toEqual([409, 'PAYMENT_EXPIRED']);
  });

  it('BR-PAY-4: paying or cancelling a paid order is refused with ORDER_ALREADY_PAID', async () => {
    const platform = testPlatform();
    const lina = await patientLogin(platform, MOBILE.lina);
    const pay = await call(platform, 'POST', '/v1/orders/ord_lina_paid/payments', { token: lina.token, body: { channel: 'alipay' } });
    expect([pay.status, pay.body.code]).toEqual([409, 'ORDER_ALREADY_PAID']);
    const cancel = await call(platform, 'POST', '/v1/orders/ord_lina_paid/cancel', { token: lina.token });
    expect([cancel.status, cancel.body.code]).toEqual([409, 'ORDER_ALREADY_PAID']);
  });

  it('another patient gets 404 for a payment and cannot pay another’s order', async () => {
    const platform = testPlatform();
    const lina = await patientLogin(platform, MOBILE.lina);
    expect((await call(platform, 'GET', '/v1/payments/pay_wangfang_wechat_pending', { token: lina.token })).status).toBe(404);
    expect((await call(platform, 'POST', '/v1/orders/ord_wangfang_pending/payments', { token: lina.token, body: { channel: 'wechat' } })).status).toBe(404);
  });
});

describe('refunds', () => {
  it('a partial refund on a line is recorded as a negative ledger entry and the order is partially refunded', async () => {
    const platform = testPlatform();
    const hospital = await orgToken(platform, 'qtph');
    const result = await call(platform, 'POST', '/v1/orders/ord_lina_paid/refunds', {
      token: hospital,
      body: { amount: { amountFen: 2800, currency: 'CNY' }, lineId: 'ord_lina_paid_l1', reason: 'One box returned' },
    });
    expect(result.status).toBe(201);
    const order = (await call(platform, 'GET', '/v1/orders/ord_lina_paid', { token: hospital })).body;
    expect(order).toMatchObject({ status: 'partially-refunded', refunded: { amountFen: 3600 } });
    expect(order.lines[0].refunded.amountFen).toBe(2800);
    const statement = (await call(platform, 'GET', '/v1/settlement-statements/stm_qtph_202606', { token: hospital })).body;
    expect(statement.lines).toEqual([expect.objectContaining({ orderLineId: 'ord_lina_paid_l1', kind: 'refund', amount: { amountFen: -2800, currency: 'CNY' } })]);
    expect((await events(platform, hospital)).map((e) => e.type)).toEqual(expect.arrayContaining(['refund.succeeded', 'order.refunded']));
  });

  it('BR-PAY-3: a refund above what was paid minus refunded is refused with REFUND_EXCEEDS_PAID, on the order and on a line', async () => {
    const platform = testPlatform();
    const hospital = await orgToken(platform, 'qtph');
    const over = await call(platform, 'POST', '/v1/orders/ord_lina_paid/refunds', { token: hospital, body: { amount: { amountFen: 5601, currency: 'CNY' }, reason: 'x' } });
    expect([over.status, over.body.code]).toEqual([422, 'REFUND_EXCEEDS_PAID']);
    const line = await call(platform, 'POST', '/v1/orders/ord_lina_paid/refunds', {
      token: hospital,
      body: { amount: { amountFen: 1, currency: 'CNY' }, lineId: 'ord_lina_paid_l2', reason: 'delivery again' },
    });
    expect([line.status, line.body.code]).toEqual([422, 'REFUND_EXCEEDS_PAID']);
    const whole = await call(platform, 'POST', '/v1/orders/ord_lina_paid/refunds', { token: hospital, body: { amount: { amountFen: 5600, currency: 'CNY' }, reason: 'all back' } });
    expect(whole.status).toBe(201);
    expect((await call(platform, 'GET', '/v1/orders/ord_lina_paid', { token: hospital })).body.status).toBe('refunded');
  });

  it('BR-PAY-3: cancelling a paid, booked appointment before the cut-off refunds its registration order automatically', async () => {
    const platform = testPlatform();
    const { lina, order, payment, hospital } = await orderWithPayment(platform);
    await notify(platform, success(payment.id, 5000));
    const cancelled = await call(platform, 'POST', '/v1/appointments/apt_lina_0603/cancel', { token: lina, body: {} });
    expect(cancelled.body.cancellation.refundAmount.amountFen).toBe(5000);
    const refunds = await call(platform, 'GET', `/v1/orders/${order.id}/refunds`, { token: hospital });
    expect(refunds.body.data).toEqual([expect.objectContaining({ trigger: 'appointment-cancelled', amount: { amountFen: 5000, currency: 'CNY' } })]);
    expect((await call(platform, 'GET', `/v1/orders/${order.id}`, { token: lina })).body.status).toBe('refunded');
  });

  it('refunding an unpaid order is INVALID_STATE_TRANSITION; another payee gets 404', async () => {
    const platform = testPlatform();
    const body = { amount: { amountFen: 100, currency: 'CNY' }, reason: 'x' };
    const unpaid = await call(platform, 'POST', '/v1/orders/ord_wangfang_pending/refunds', { token: await orgToken(platform, 'qtph'), body });
    expect([unpaid.status, unpaid.body.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
    expect((await call(platform, 'POST', '/v1/orders/ord_lina_paid/refunds', { token: await orgToken(platform, 'qtih'), body })).status).toBe(404);
  });
});

describe('settlement statements', () => {
  it('are the caller’s own: another organization’s statement is 404', async () => {
    const platform = testPlatform();
    const qtih = await orgToken(platform, 'qtih');
    expect((await call(platform, 'GET', '/v1/settlement-statements/stm_qtph_202605', { token: qtih })).status).toBe(404);
    const own = await call(platform, 'GET', '/v1/settlement-statements?period=2026-05', { token: await orgToken(platform, 'qtph') });
    expect(own.body.data[0]).toMatchObject({ id: 'stm_qtph_202605', net: { amountFen: 5600 }, totals: [{ source: 'patient', amount: { amountFen: 5600 } }] });
  });
});

describe('money invariants over random scenarios', () => {
  type Step =
    | { kind: 'order'; fens: number[] }
    | { kind: 'pay'; order: number; amountOff: number; duplicate: boolean; fail: boolean }
    | { kind: 'refund'; order: number; fen: number; line: boolean }
    | { kind: 'wait'; minutes: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('order' as const), fens: fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('pay' as const), order: fc.nat(9), amountOff: fc.constantFrom(0, 0, 0, 1, -1), duplicate: fc.boolean(), fail: fc.boolean() }),
    fc.record({ kind: fc.constant('refund' as const), order: fc.nat(9), fen: fc.integer({ min: 1, max: 30_000 }), line: fc.boolean() }),
    fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 40 }) }),
  );

  it('lines sum to totals; paid − refunded = the ledger per order; statements = Σ lines = Σ ledger; no refund beyond payment', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const platform = testPlatform();
        let hospital = await orgToken(platform, 'qtph');
        let lina = (await patientLogin(platform, MOBILE.lina)).token;
        const orders: string[] = [];
        let transaction = 0;
        for (const s of steps) {
          if (s.kind === 'order') {
            const lines = s.fens.map((fen) => ({ kind: 'drug', description: 'x', quantity: 1 + (fen % 3), unitPrice: { amountFen: fen, currency: 'CNY' } }));
            orders.push((await call(platform, 'POST', '/v1/orders', { token: hospital, body: { patientId: 'pat_lina', kind: 'drug', lines } })).body.id);
          } else if (s.kind === 'pay' && orders.length > 0) {
            const payment = await call(platform, 'POST', `/v1/orders/${orders[s.order % orders.length]}/payments`, { token: lina, body: { channel: 'wechat' } });
            if (payment.status !== 201) continue;
            const body = { ...success(payment.body.id, payment.body.amount.amountFen + s.amountOff, `wx_${transaction++}`), status: s.fail ? 'failed' : 'succeeded' };
            await notify(platform, body);
            if (s.duplicate) await notify(platform, body);
          } else if (s.kind === 'refund' && orders.length > 0) {
            const id = orders[s.order % orders.length];
            await call(platform, 'POST', `/v1/orders/${id}/refunds`, { token: hospital, body: { amount: { amountFen: s.fen, currency: 'CNY' }, reason: 'x', ...(s.line ? { lineId: `${id}_l1` } : {}) } });
          } else if (s.kind === 'wait') {
            platform.clock.advance(s.minutes * MINUTE);
            // Tokens last two hours: log in again after time passes.
            hospital = await orgToken(platform, 'qtph');
            lina = (await patientLogin(platform, MOBILE.lina)).token;
          }
        }
        const statements = (await call(platform, 'GET', '/v1/settlement-statements?limit=100', { token: hospital })).body.data as {
          lines: { orderId: string; amount: { amountFen: number } }[];
          totals: { amount: { amountFen: number } }[];
          net: { amountFen: number };
        }[];
        const ledgerByOrder = new Map<string, number>();
        for (const statement of statements) {
          const sum = statement.lines.reduce((total, line) => total + line.amount.amountFen, 0);
          expect(statement.net.amountFen).toBe(sum);
          expect(statement.totals.reduce((total, each) => total + each.amount.amountFen, 0)).toBe(sum);
          for (const line of statement.lines) ledgerByOrder.set(line.orderId, (ledgerByOrder.get(line.orderId) ?? 0) + line.amount.amountFen);
        }
        for (const id of orders) {
          const order = (await call(platform, 'GET', `/v1/orders/${id}`, { token: hospital })).body;
          const lineSum = order.lines.reduce((total: number, line: { amount: { amountFen: number } }) => total + line.amount.amountFen, 0);
          expect(order.total.amountFen).toBe(lineSum);
          expect(order.paid.amountFen - order.refunded.amountFen).toBe(ledgerByOrder.get(id) ?? 0);
          expect(order.refunded.amountFen).toBeLessThanOrEqual(order.paid.amountFen);
          for (const line of order.lines) expect(line.refunded.amountFen).toBeLessThanOrEqual(line.amount.amountFen - line.nationalInsurancePaid.amountFen);
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe('no floating-point money', () => {
  it('the money domains’ sources use no float conversions or decimal literals', () => {
    // Every domain that handles money (clinical domains keep decimal measurements, which are not money).
    const dirs = ['payments', 'national-insurance', 'insurance', 'procurement', 'pharmacy-members'].map((d) => new URL(`../${d}/`, import.meta.url));
    const forbidden = /parseFloat|toFixed|Math\.round|\/ 100\b|\* 100\b|(?<![\w.])\d+\.\d+(?![\w.])/;
    let scanned = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
        const code = readFileSync(new URL(name, dir), 'utf8')
          .split('\n')
          .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
          .map((line) => line.replace(/'[^']*'|`[^`]*`/g, "''"));
        code.forEach((line, index) => expect(forbidden.test(line), `${name}:${index + 1}: ${line}`).toBe(false));
        scanned++;
      }
    }
    expect(scanned).toBeGreaterThan(20);
  });
});
