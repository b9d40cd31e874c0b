/**
 * Money recipes: orders, payments through the sandbox channels (notifications signed as the
 * channels sign them), refunds, national-insurance settlement and commercial insurance.
 */
import { channelSignature } from '@careloop/mocks';
import type { Order } from '@careloop/hospital';
import type { NewPatient, RecipeContext } from './context.js';
import { DEPARTMENT as LINAN_DEPARTMENT, DOCTOR as LINAN_DOCTOR, HOSPITAL as LINAN } from './scheduling.js';

const PERSON_NUMBER = '330106198803150419';
const PLAN = 'pln_anxin_outpatient';
const INSURER = 'anxin';
const HYPERTENSION = { icd10: 'I10', display: 'Essential (primary) hypertension' };
/** A claim is queued one minute after submission and adjudicated five minutes after it. */
const CLAIM_QUEUE_SECONDS = 61;
const CLAIM_ADJUDICATION_SECONDS = 301;
/** An unpaid order lapses 30 minutes after it was created. */
const ORDER_EXPIRY_SECONDS = 30 * 60 + 1;

export interface Billed {
  patient: NewPatient;
  order: Order;
}

/** order.created: Lin'an bills a new patient a consultation fee. */
export async function createOrder(ctx: RecipeContext): Promise<Billed> {
  const patient = await ctx.newPatient();
  const order = await ctx
    .hospital(LINAN)
    .orders.create({
      patientId: patient.patientId,
      kind: 'consultation',
      lines: [{ kind: 'consultation-fee', description: 'Internal medicine consultation', reference: `cli_${ctx.unique()}`, quantity: 1, unitPrice: { amountFen: 2000, currency: 'CNY' } }],
    })
    .unwrap();
  return { patient, order };
}

/** payment.pending: the patient pays by WeChat; the channel has not answered yet. */
async function placePayment(ctx: RecipeContext, given?: Billed) {
  const billed = given ?? (await createOrder(ctx));
  const payment = await billed.patient.client.payments.create(billed.order.id, { channel: 'wechat' }).unwrap();
  return { ...billed, payment };
}

/** The sandbox channel's signed notification of a payment's outcome. */
async function notify(patient: NewPatient, payment: { id: string; amount: { amountFen: number; currency: 'CNY' } }, status: 'succeeded' | 'failed') {
  const notification = { channel: 'wechat' as const, paymentId: payment.id, channelTransactionId: `wx_${payment.id}`, status, amount: payment.amount };
  const signature = channelSignature(JSON.stringify(notification));
  await patient.client.payments.notify(notification, { headers: { 'Channel-Signature': signature } }).unwrap();
}

/** payment.succeeded and order.paid. */
export async function payOrder(ctx: RecipeContext, billed?: Billed): Promise<Billed> {
  const placed = await placePayment(ctx, billed ?? (await createOrder(ctx)));
  await notify(placed.patient, placed.payment, 'succeeded');
  return placed;
}

async function refund(ctx: RecipeContext) {
  const paid = await payOrder(ctx);
  await ctx.hospital(LINAN).refunds.create(paid.order.id, { amount: { amountFen: 500, currency: 'CNY' }, reason: 'Part of the fee waived' }).unwrap();
}

/** national_insurance_settlement.registered: an outpatient visit at Lin'an billed and registered with the national platform. */
async function registerSettlement(ctx: RecipeContext) {
  const billed = await createOrder(ctx);
  const encounter = await ctx
    .hospital(LINAN)
    .encounters.create({ type: 'outpatient', mode: 'in-person', patientId: billed.patient.patientId, departmentId: LINAN_DEPARTMENT, practitionerId: LINAN_DOCTOR, condition: HYPERTENSION })
    .unwrap();
  const settlement = await ctx
    .hospital(LINAN)
    .nationalInsurance.register({ patientId: billed.patient.patientId, encounterId: encounter.id, orderId: billed.order.id, personNumber: PERSON_NUMBER })
    .unwrap();
  return { ...billed, settlement };
}

async function uploadFees(ctx: RecipeContext) {
  const registered = await registerSettlement(ctx);
  await ctx.hospital(LINAN).nationalInsurance.uploadFees(registered.settlement.id).unwrap();
  return registered;
}

async function preSettle(ctx: RecipeContext) {
  const uploaded = await uploadFees(ctx);
  const settlement = await ctx.hospital(LINAN).nationalInsurance.preSettle(uploaded.settlement.id).unwrap();
  return { ...uploaded, settlement };
}

async function settle(ctx: RecipeContext) {
  const preSettled = await preSettle(ctx);
  // BR-NHI-3: the patient pays the cash share first, when there is one.
  if ((preSettled.settlement.split?.cash.amountFen ?? 0) > 0) await payOrder(ctx, preSettled);
  await ctx.hospital(LINAN).nationalInsurance.settle(preSettled.settlement.id).unwrap();
  return preSettled;
}

/** coverage.created: a new patient joins Anxin's outpatient plan (pending its premium). */
async function createCoverage(ctx: RecipeContext) {
  const patient = await ctx.newPatient();
  const coverage = await patient.client.coverages.create({ planId: PLAN, patientId: patient.patientId }).unwrap();
  return { patient, coverage };
}

async function activateCoverage(ctx: RecipeContext) {
  const created = await createCoverage(ctx);
  const order = await created.patient.client.orders.get(created.coverage.premiumOrderId).unwrap();
  await payOrder(ctx, { patient: created.patient, order });
  return created;
}

/** claim.submitted: Lin'an bills the insured patient's visit to Anxin directly. */
async function submitClaim(ctx: RecipeContext) {
  const covered = await activateCoverage(ctx);
  const order = await ctx
    .hospital(LINAN)
    .orders.create({
      patientId: covered.patient.patientId,
      kind: 'consultation',
      lines: [{ kind: 'consultation-fee', description: 'Internal medicine consultation', reference: `cli_${ctx.unique()}`, quantity: 1, unitPrice: { amountFen: 20000, currency: 'CNY' } }],
    })
    .unwrap();
  await payOrder(ctx, { patient: covered.patient, order });
  const line = order.lines[0];
  if (!line) throw new Error(`Order ${order.id} has no lines`);
  const claim = await ctx
    .hospital(LINAN)
    .claims.submit({
      coverageId: covered.coverage.id,
      patientId: covered.patient.patientId,
      lines: [{ orderId: order.id, orderLineId: line.id, category: 'consultation', diagnosis: { icd10: 'I10' }, submitted: line.amount }],
    })
    .unwrap();
  return { ...covered, claim };
}

async function adjudicateClaim(ctx: RecipeContext) {
  const submitted = await submitClaim(ctx);
  await ctx.advanceClock(CLAIM_ADJUDICATION_SECONDS);
  return submitted;
}

export const moneyRecipes = {
  'order.created': createOrder,
  'order.paid': payOrder,
  'order.cancelled': async (ctx: RecipeContext) => {
    const billed = await createOrder(ctx);
    await billed.patient.client.orders.cancel(billed.order.id, { reason: 'Booked by mistake' }).unwrap();
  },
  'order.expired': async (ctx: RecipeContext) => {
    await createOrder(ctx);
    await ctx.advanceClock(ORDER_EXPIRY_SECONDS);
  },
  'order.refunded': refund,
  'payment.pending': placePayment,
  'payment.succeeded': payOrder,
  'payment.failed': async (ctx: RecipeContext) => {
    const placed = await placePayment(ctx);
    await notify(placed.patient, placed.payment, 'failed');
  },
  'payment.closed': async (ctx: RecipeContext) => {
    // Cancelling the order closes its pending payment.
    const placed = await placePayment(ctx);
    await placed.patient.client.orders.cancel(placed.order.id, { reason: 'Paying at the counter instead' }).unwrap();
  },
  'refund.succeeded': refund,
  'national_insurance_settlement.registered': registerSettlement,
  'national_insurance_settlement.fees_uploaded': uploadFees,
  'national_insurance_settlement.pre_settled': preSettle,
  'national_insurance_settlement.settled': settle,
  'national_insurance_settlement.reversed': async (ctx: RecipeContext) => {
    const settled = await settle(ctx);
    await ctx.hospital(LINAN).nationalInsurance.reverse(settled.settlement.id, { reason: 'Billed twice' }).unwrap();
  },
  'coverage.created': createCoverage,
  'coverage.activated': activateCoverage,
  'coverage.cancelled': async (ctx: RecipeContext) => {
    const created = await createCoverage(ctx);
    await created.patient.client.coverages.cancel(created.coverage.id, { reason: 'Chose another plan' }).unwrap();
  },
  'coverage.expired': async (ctx: RecipeContext) => {
    // A coverage runs one coverage year: the clock moves past its end date.
    const covered = await activateCoverage(ctx);
    const active = await covered.patient.client.coverages.get(covered.coverage.id).unwrap();
    if (!active.endsOn) throw new Error(`Coverage ${active.id} has no end date`);
    const expiresMs = Date.parse(`${active.endsOn}T00:00:00+08:00`) + 86_400_000;
    await ctx.advanceClock(Math.ceil((expiresMs - (await ctx.now()).getTime()) / 1000) + 1);
  },
  'claim.submitted': submitClaim,
  'claim.queued': async (ctx: RecipeContext) => {
    await submitClaim(ctx);
    await ctx.advanceClock(CLAIM_QUEUE_SECONDS);
  },
  'claim.adjudicated': adjudicateClaim,
  'claim.errored': async (ctx: RecipeContext) => {
    // The coverage ends before the insurer adjudicates: nothing can be adjudicated.
    const submitted = await submitClaim(ctx);
    await ctx.insurer(INSURER).coverages.cancel(submitted.coverage.id, { reason: 'Premium disputed' }).unwrap();
    await ctx.advanceClock(CLAIM_ADJUDICATION_SECONDS);
  },
  'claim.paid': async (ctx: RecipeContext) => {
    const adjudicated = await adjudicateClaim(ctx);
    await ctx.insurer(INSURER).claims.pay(adjudicated.claim.id).unwrap();
  },
};
