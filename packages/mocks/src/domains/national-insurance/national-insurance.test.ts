import { createHmac } from 'node:crypto';
import { fenToYuan, yuanToFen } from '@careloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, MOBILE, orgToken, patientLogin, testPlatform } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';
import type { OrderLineKind, OrderRecord } from '../payments/model.js';
import { preSettle } from './national-platform.js';
import { feeLinesOf, insuredShares, splitFromAnswer } from './rules.js';

const BASE = '/v1/national-insurance/settlements';
const sign = (text: string) => createHmac('sha256', 'sk_channel_sandbox').update(text).digest('hex');

async function post(platform: MockPlatform, path: string, token: string, body: unknown = {}) {
  return call(platform, 'POST', path, { token, body });
}

async function notify(platform: MockPlatform, paymentId: string, amountFen: number, status: 'succeeded' | 'failed') {
  const text = JSON.stringify({ channel: 'wechat', paymentId, channelTransactionId: `wx_${paymentId}`, status, amount: { amountFen, currency: 'CNY' } });
  return call(platform, 'POST', '/v1/payment-notifications', { rawBody: text, headers: { 'Channel-Signature': sign(text) } });
}

/** The patient pays the order's cash share through the payments operations. */
async function payCash(platform: MockPlatform, orderId: string, status: 'succeeded' | 'failed' = 'succeeded') {
  const lina = await patientLogin(platform, MOBILE.lina);
  const payment = await post(platform, `/v1/orders/${orderId}/payments`, lina.token, { channel: 'wechat' });
  expect(payment.status).toBe(201);
  const receipt = await notify(platform, payment.body.id, payment.body.amount.amountFen, status);
  expect(receipt.status).toBe(200);
  return payment.body;
}

async function eventsOf(platform: MockPlatform, token: string, id: string): Promise<string[]> {
  const feed = await call(platform, 'GET', '/v1/events?limit=100', { token });
  return (feed.body.data as { type: string; data: { id: string } }[]).filter((e) => e.data.id === id).map((e) => e.type);
}

const problem = (result: { status: number; body: { code?: string } }) => [result.status, result.body.code];

/** Li Na's online follow-up order at org_qtih: consultation, a drug line for rx_lina_active, delivery. */
async function linaOrder(platform: MockPlatform, hospital: string) {
  const money = (amountFen: number) => ({ amountFen, currency: 'CNY' });
  const order = await post(platform, '/v1/orders', hospital, {
    patientId: 'pat_lina',
    kind: 'consultation',
    lines: [
      { kind: 'consultation-fee', description: 'Online follow-up', reference: 'enc_lina_followup', quantity: 1, unitPrice: money(3000) },
      { kind: 'drug', description: 'Metformin 0.5 g × 60', reference: 'rx_lina_active', quantity: 3, unitPrice: money(1733) },
      { kind: 'delivery-fee', description: 'Home delivery', quantity: 1, unitPrice: money(800) },
    ],
  });
  expect(order.status).toBe(201);
  return order.body as { id: string; total: { amountFen: number } };
}

describe('national-insurance settlement of an online visit', () => {
  it('registers, uploads fees as yuan text, pre-settles, is paid in cash and settles into the ledger', async () => {
    const platform = testPlatform();
    const hospital = await orgToken(platform, 'qtih');
    const order = await linaOrder(platform, hospital);
    const registered = await post(platform, BASE, hospital, { patientId: 'pat_lina', encounterId: 'enc_lina_followup', orderId: order.id, personNumber: '330102198505120023' });
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;
    expect(registered.body).toMatchObject({ status: 'registered', organizationId: 'org_qtih', nationalVisitId: `NV${id.slice(4).toUpperCase()}`, feeLines: [], split: null });
    expect((await call(platform, 'GET', `/v1/orders/${order.id}`, { token: hospital })).body.nationalInsuranceSettlementId).toBe(id);

    const uploaded = await post(platform, `${BASE}/${id}/upload-fees`, hospital);
    expect(uploaded.body.feeLines.map((l: { amountYuan: string; eligible: boolean }) => [l.amountYuan, l.eligible])).toEqual([['30.00', true], ['51.99', true], ['8.00', false]]);

    const preSettled = await post(platform, `${BASE}/${id}/pre-settle`, hospital);
    expect(preSettled.status).toBe(200);
    // eligible 8199: fund 70 % = 5739.3 → 5739; personal account 2460 (balance ¥200.00); cash 800.
    expect(preSettled.body.split).toEqual({
      national: { totalAmount: '89.99', fundPayment: '57.39', personalAccountPayment: '24.60', cashPayment: '8.00' },
      total: { amountFen: 8999, currency: 'CNY' },
      fund: { amountFen: 5739, currency: 'CNY' },
      personalAccount: { amountFen: 2460, currency: 'CNY' },
      cash: { amountFen: 800, currency: 'CNY' },
    });
    const split = (await call(platform, 'GET', `/v1/orders/${order.id}`, { token: hospital })).body;
    expect(split.patientDue.amountFen).toBe(800);
    expect(split.lines.map((l: { nationalInsurancePaid: { amountFen: number } }) => l.nationalInsurancePaid.amountFen)).toEqual([3000, 5199, 0]);

    await payCash(platform, order.id);
    const settled = await post(platform, `${BASE}/${id}/settle`, hospital);
    expect(settled.body).toMatchObject({ status: 'settled', nationalSettlementId: `NS${id.slice(4).toUpperCase()}` });

    // Every fen of the order is in the ledger: patient 800 + fund 5739 + personal account 2460 = 8999.
    const statement = await call(platform, 'GET', '/v1/settlement-statements/stm_qtih_202606', { token: hospital });
    const lines = (statement.body.lines as { orderId: string; source: string; kind: string; amount: { amountFen: number } }[]).filter((l) => l.orderId === order.id);
    expect(lines.map((l) => [l.source, l.kind, l.amount.amountFen])).toEqual([
      ['patient', 'payment', 800],
      ['national-insurance-fund', 'insurance-share', 5739],
      ['personal-account', 'insurance-share', 2460],
    ]);
    expect(lines.reduce((sum, l) => sum + l.amount.amountFen, 0)).toBe(order.total.amountFen);
    expect(await eventsOf(platform, hospital, id)).toEqual([
      'national_insurance_settlement.registered',
      'national_insurance_settlement.fees_uploaded',
      'national_insurance_settlement.pre_settled',
      'national_insurance_settlement.settled',
    ]);
  });

  it('BR-NHI-1: a failed cash payment reverses the pre-settled settlement automatically (national_insurance_settlement.reversed)', async () => {
    const platform = testPlatform();
    const hospital = await orgToken(platform, 'qtph');
    expect((await post(platform, `${BASE}/nis_lina_uploaded/pre-settle`, hospital)).body.split.cash.amountFen).toBe(800);
    const payment = await payCash(platform, 'ord_lina_nhi_uploaded', 'failed');
    expect(payment.amount.amountFen).toBe(800);
    const settlement = await call(platform, 'GET', `${BASE}/nis_lina_uploaded`, { token: hospital });
    expect(settlement.body).toMatchObject({ status: 'reversed', reversal: { trigger: 'cash-payment-failed' } });
    const order = (await call(platform, 'GET', '/v1/orders/ord_lina_nhi_uploaded', { token: hospital })).body;
    expect(order.patientDue.amountFen).toBe(order.total.amountFen);
    expect(order.lines.every((l: { nationalInsurancePaid: { amountFen: number } }) => l.nationalInsurancePaid.amountFen === 0)).toBe(true);
    expect(await eventsOf(platform, hospital, 'nis_lina_uploaded')).toContain('national_insurance_settlement.reversed');
  });

  it('BR-NHI-2: a drug line whose prescription is routed to org_jiuzhou is uploaded as circulated', async () => {
    const platform = testPlatform();
    const hospital = await orgToken(platform, 'qtih');
    const lina = await patientLogin(platform, MOBILE.lina);
    const order = await linaOrder(platform, hospital);
    const registered = await post(platform, BASE, hospital, { patientId: 'pat_lina', encounterId: 'enc_lina_followup', orderId: order.id, personNumber: '330102198505120023' });
    expect((await post(platform, '/v1/prescriptions/rx_lina_active/route', lina.token, { pharmacyId: 'org_jiuzhou', method: 'pickup' })).status).toBe(200);
    const uploaded = await post(platform, `${BASE}/${registered.body.id}/upload-fees`, hospital);
    expect(uploaded.body.feeLines.map((l: { kind: string; circulated: boolean }) => [l.kind, l.circulated])).toEqual([
      ['consultation-fee', false],
      ['drug', true],
      ['delivery-fee', false],
    ]);
    // Not routed anywhere: not circulated.
    const unrouted = await post(platform, `${BASE}/nis_zhaolei_registered/upload-fees`, await orgToken(platform, 'qtph'));
    expect(unrouted.body.feeLines.some((l: { circulated: boolean }) => l.circulated)).toBe(false);
  });

  it('BR-NHI-3: settling before the cash share is paid is refused with NATIONAL_INSURANCE_CASH_UNPAID', async () => {
    const platform = testPlatform();
    const hospital = await orgToken(platform, 'qtph');
    await post(platform, `${BASE}/nis_lina_uploaded/pre-settle`, hospital);
    expect(problem(await post(platform, `${BASE}/nis_lina_uploaded/settle`, hospital))).toEqual([409, 'NATIONAL_INSURANCE_CASH_UNPAID']);
    expect((await call(platform, 'GET', `${BASE}/nis_lina_uploaded`, { token: hospital })).body.status).toBe('pre-settled');
    await payCash(platform, 'ord_lina_nhi_uploaded');
    expect((await post(platform, `${BASE}/nis_lina_uploaded/settle`, hospital)).body.status).toBe('settled');
  });

  it('reversing a settled settlement books the shares back and restores the order and the balance', async () => {
    const platform = testPlatform();
    const hospital = await orgToken(platform, 'qtph');
    const reversed = await post(platform, `${BASE}/nis_zhaolei_settled/reverse`, hospital, { reason: 'Billed twice' });
    expect(reversed.body).toMatchObject({ status: 'reversed', reversal: { reason: 'Billed twice', trigger: 'organization' } });
    // Settled in April (seeded), reversed now, in June.
    const lines = [];
    for (const period of ['202604', '202606']) {
      const statement = await call(platform, 'GET', `/v1/settlement-statements/stm_qtph_${period}`, { token: hospital });
      lines.push(...(statement.body.lines as { orderId: string; kind: string; amount: { amountFen: number } }[]).filter((l) => l.orderId === 'ord_zhaolei_nhi_settled'));
    }
    expect(lines.map((l) => [l.kind, l.amount.amountFen])).toEqual([
      ['insurance-share', 2100],
      ['insurance-share', 900],
      ['insurance-reversal', -2100],
      ['insurance-reversal', -900],
    ]);
    const order = (await call(platform, 'GET', '/v1/orders/ord_zhaolei_nhi_settled', { token: hospital })).body;
    expect([order.patientDue.amountFen, order.lines[0].nationalInsurancePaid.amountFen]).toEqual([3000, 0]);
    expect(await eventsOf(platform, hospital, 'nis_zhaolei_settled')).toEqual(['national_insurance_settlement.reversed']);
  });

  it('wrong states are INVALID_STATE_TRANSITION; a paid order cannot be pre-settled', async () => {
    const platform = testPlatform();
    const hospital = await orgToken(platform, 'qtph');
    expect(problem(await post(platform, `${BASE}/nis_zhaolei_settled/upload-fees`, hospital))).toEqual([409, 'INVALID_STATE_TRANSITION']);
    expect(problem(await post(platform, `${BASE}/nis_zhaolei_registered/pre-settle`, hospital))).toEqual([409, 'INVALID_STATE_TRANSITION']);
    expect(problem(await post(platform, `${BASE}/nis_zhaolei_registered/reverse`, hospital, { reason: 'x' }))).toEqual([409, 'INVALID_STATE_TRANSITION']);
    expect(problem(await post(platform, `${BASE}/nis_lina_uploaded/settle`, hospital))).toEqual([409, 'INVALID_STATE_TRANSITION']);
  });

  it('registration checks the encounter and order belong to the hospital and patient', async () => {
    const platform = testPlatform();
    const hospital = await orgToken(platform, 'qtph');
    const body = { patientId: 'pat_zhaolei', encounterId: 'enc_zhaolei_consult_qtph', orderId: 'ord_zhaolei_nhi_unpaid', personNumber: '330106198003150017' };
    const wrongEncounter = await post(platform, BASE, hospital, { ...body, encounterId: 'enc_zhaolei_followup' });
    expect([...problem(wrongEncounter), wrongEncounter.body.errors[0].pointer]).toEqual([400, 'VALIDATION_FAILED', '/body/encounterId']);
    const settled = await post(platform, BASE, hospital, { ...body, orderId: 'ord_zhaolei_nhi_settled' });
    expect([...problem(settled), settled.body.errors[0].pointer]).toEqual([400, 'VALIDATION_FAILED', '/body/orderId']);
    expect((await post(platform, BASE, hospital, body)).status).toBe(201);
    expect(problem(await post(platform, BASE, hospital, body))).toEqual([400, 'VALIDATION_FAILED']);
  });

  it("another hospital's settlement is 404; lists are the caller's own, filtered", async () => {
    const platform = testPlatform();
    const other = await orgToken(platform, 'qtih');
    const own = await orgToken(platform, 'qtph');
    expect(problem(await call(platform, 'GET', `${BASE}/nis_lina_uploaded`, { token: other }))).toEqual([404, 'NOT_FOUND']);
    expect(problem(await post(platform, `${BASE}/nis_lina_uploaded/pre-settle`, other))).toEqual([404, 'NOT_FOUND']);
    expect((await call(platform, 'GET', BASE, { token: other })).body.data).toEqual([]);
    const lina = await call(platform, 'GET', `${BASE}?patientId=pat_lina`, { token: own });
    expect(lina.body.data.map((s: { id: string }) => s.id).sort()).toEqual(['nis_lina_presettled_paid', 'nis_lina_uploaded']);
    const settled = await call(platform, 'GET', `${BASE}?status=settled`, { token: own });
    expect(settled.body.data.map((s: { id: string }) => s.id)).toEqual(['nis_zhaolei_settled']);
  });
});

describe('money invariants of the national split', () => {
  const kinds: OrderLineKind[] = ['registration-fee', 'consultation-fee', 'drug', 'delivery-fee'];

  it('over random orders and balances: fund + personal account + cash = total; line shares within their amounts; yuan text round-trips', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom(...kinds), fen: fc.integer({ min: 0, max: 50_000_000 }) }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (specs, balanceFen) => {
          const lines = specs.map((spec, index) => ({
            id: `ord_x_l${index + 1}`,
            kind: spec.kind,
            description: 'x',
            reference: null,
            quantity: 1,
            unitPriceFen: spec.fen,
            amountFen: spec.fen,
            nationalInsurancePaidFen: 0,
            refundedFen: 0,
          }));
          const totalFen = lines.reduce((sum, line) => sum + line.amountFen, 0);
          const order = { id: 'ord_x', organizationId: 'org_qtih', lines, totalFen } as OrderRecord;
          const feeLines = feeLinesOf(order, () => undefined);
          for (const [index, fee] of feeLines.entries()) expect(yuanToFen(fee.amountYuan)).toBe(lines[index]?.amountFen);
          const answer = preSettle(feeLines, balanceFen);
          const split = splitFromAnswer(order, answer);
          expect(split.fundFen + split.personalAccountFen + split.cashFen).toBe(totalFen);
          expect(split.personalAccountFen).toBeLessThanOrEqual(balanceFen);
          expect(fenToYuan(split.cashFen)).toBe(answer.cashPayment);
          const shares = insuredShares(order, feeLines, split.fundFen + split.personalAccountFen);
          expect(shares.reduce((sum, share) => sum + share, 0)).toBe(split.fundFen + split.personalAccountFen);
          shares.forEach((share, index) => {
            expect(Number.isSafeInteger(share)).toBe(true);
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(feeLines[index]?.eligible ? (lines[index]?.amountFen ?? 0) : 0);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
