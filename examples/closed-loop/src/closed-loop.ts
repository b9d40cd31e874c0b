import { createHmac } from 'node:crypto';
import { createHospitalClient, type SettlementStatement } from '@careloop/hospital';
import { createInsurerClient, type Claim } from '@careloop/insurer';
import { createPatientClient, fenToYuan, type Order } from '@careloop/patient';
import { createPharmacyClient } from '@careloop/pharmacy';

export interface ClosedLoopOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** Lets time pass for the insurer's asynchronous adjudication (the mock platform's clock). */
  advanceClock: (seconds: number) => Promise<void>;
  log?: (line: string) => void;
}

export interface ClosedLoopResult {
  consultationOrder: Order;
  drugOrder: Order;
  claim: Claim;
  statements: { hospital: SettlementStatement; pharmacy: SettlementStatement };
  /** The readable ledger printed at the end, one line per row. */
  ledger: string[];
}

const PATIENT_MOBILE = '13800000004'; // Zhao Lei, ACO member of Anxin Health Insurance
const DOCTOR = 'prc_qianhui';
const PHARMACIST = 'prc_heping';
const DISPENSER = 'prc_jiangtao';
/** The sandbox payment channels' signing secret (documented with `payments.notify`). */
const CHANNEL_SECRET = 'sk_channel_sandbox';
const HYPERTENSION = { icd10: 'I10', display: 'Essential (primary) hypertension' };

const yuan = (fen: number) => `¥${fenToYuan(fen)}`.padStart(10);

/**
 * The closed loop of PLATFORM.md through all four SDKs. Zhao Lei, an ACO member, books a number
 * with the internet hospital's Dr Qian Hui and is seen online for his hypertension; she prescribes
 * amlodipine, a pharmacist approves it, he picks it up at Jiuzhou pharmacy. National insurance
 * settles its share of the visit, he pays the rest, the ACO insurer reimburses what neither paid,
 * and the hospital's and the pharmacy's settlement statements account for every fen.
 */
export async function runClosedLoop({ baseUrl, fetch, advanceClock, log = () => {} }: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const transport = fetch ? { fetch } : {};
  const hospital = createHospitalClient({ baseUrl, ...transport, auth: { clientId: 'cli_qtih', clientSecret: 'sk_sandbox_qtih' } });
  const pharmacy = createPharmacyClient({ baseUrl, ...transport, auth: { clientId: 'cli_jiuzhou', clientSecret: 'sk_sandbox_jiuzhou' } });
  const insurer = createInsurerClient({ baseUrl, ...transport, auth: { clientId: 'cli_anxin', clientSecret: 'sk_sandbox_anxin' } });
  const login = await createPatientClient({ baseUrl, ...transport }).auth
    .createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: PATIENT_MOBILE, otp: '123456' })
    .unwrap();
  const patient = createPatientClient({ baseUrl, ...transport, auth: { accessToken: login.access_token } });
  const patientId = login.patient_id ?? '';

  /** The patient pays an order's due share; the sandbox channel then notifies the platform, signed. */
  async function pay(orderId: string, channel: 'wechat' | 'alipay'): Promise<void> {
    const payment = await patient.payments.create(orderId, { channel }).unwrap();
    const notification = {
      channel,
      paymentId: payment.id,
      channelTransactionId: `${channel}_${payment.id}`,
      status: 'succeeded' as const,
      amount: payment.amount,
    };
    const signature = createHmac('sha256', CHANNEL_SECRET).update(JSON.stringify(notification)).digest('hex');
    await patient.payments.notify(notification, { headers: { 'Channel-Signature': signature } }).unwrap();
  }

  // 1. Booking: a number in Dr Qian Hui's online session; the internet hospital bills the visit.
  let slotId: string | undefined;
  for await (const slot of patient.slots.list({ practitionerId: DOCTOR, available: true })) {
    slotId = slot.id;
    break;
  }
  if (!slotId) throw new Error(`No open slot with ${DOCTOR}`);
  const held = await patient.slots.hold(slotId).unwrap();
  const visitFeeFen = held.fee.amountFen;
  const consultation = await hospital.orders
    .create({
      patientId,
      kind: 'consultation',
      lines: [{ kind: 'consultation-fee', description: 'Online hypertension follow-up', reference: held.id, quantity: 1, unitPrice: held.fee }],
    })
    .unwrap();
  const booked = await patient.appointments.book(held.id).unwrap();
  log(`Booked ${booked.id} with ${DOCTOR} (queue number ${booked.queueNumber ?? '—'}); order ${consultation.id} ${yuan(visitFeeFen).trim()}`);

  // 2. The online follow-up and the prescription (BR-ENC-1: his 2023 diagnosis certificate is the evidence).
  const encounter = await patient.encounters
    .create({ type: 'online-follow-up', mode: 'video', organizationId: 'org_qtih', practitionerId: DOCTOR, appointmentId: booked.id, condition: HYPERTENSION })
    .unwrap();
  await hospital.encounters.start(encounter.id).unwrap();
  const draft = await hospital.prescriptions
    .create({ encounterId: encounter.id, practitionerId: DOCTOR, items: [{ drugId: 'drg_amlodipine_5', quantity: 7, dosage: '5 mg once daily', daysSupply: 7 }] })
    .unwrap();
  await hospital.prescriptions.sign(draft.id, { practitionerId: DOCTOR }).unwrap();
  await hospital.prescriptions.review(draft.id, { pharmacistId: PHARMACIST, outcome: 'approved', issues: [] }).unwrap();
  await hospital.encounters.complete(encounter.id).unwrap();
  log(`Seen online in ${encounter.id}; prescribed ${draft.id} (amlodipine 5 mg × 7)`);

  // 3. The pharmacy he chose dispenses and bills the drug at its shelf price.
  await patient.prescriptions.route(draft.id, { pharmacyId: 'org_jiuzhou', method: 'pickup' }).unwrap();
  await pharmacy.prescriptions.accept(draft.id, { pharmacistId: DISPENSER }).unwrap();
  await pharmacy.prescriptions.dispense(draft.id, { pharmacistId: DISPENSER, lines: [{ drugId: 'drg_amlodipine_5', quantity: 7 }] }).unwrap();
  let unitPriceFen = 0;
  for await (const item of pharmacy.inventory.list({ drugId: 'drg_amlodipine_5' })) unitPriceFen = item.unitPrice.amountFen;
  const drugOrderDraft = await pharmacy.orders
    .create({
      patientId,
      kind: 'drug',
      lines: [{ kind: 'drug', description: 'Amlodipine 5 mg × 7', reference: draft.id, quantity: 7, unitPrice: { amountFen: unitPriceFen, currency: 'CNY' } }],
    })
    .unwrap();
  await pay(drugOrderDraft.id, 'alipay');
  await pharmacy.prescriptions.handOver(draft.id).unwrap();
  log(`Dispensed and handed over at org_jiuzhou; order ${drugOrderDraft.id} paid ${yuan(drugOrderDraft.total.amountFen).trim()}`);

  // 4. National insurance settles its share of the visit (医保): the split arrives from the national
  //    platform as yuan and is converted exactly to fen; the patient pays the cash share, if any.
  const registered = await hospital.nationalInsurance
    .register({ patientId, encounterId: encounter.id, orderId: consultation.id, personNumber: '330106198803150419' })
    .unwrap();
  await hospital.nationalInsurance.uploadFees(registered.id).unwrap();
  const preSettled = await hospital.nationalInsurance.preSettle(registered.id).unwrap();
  const split = preSettled.split;
  if (!split) throw new Error(`${preSettled.id} has no split`);
  log(`National insurance ${preSettled.id}: fund ${yuan(split.fund.amountFen).trim()}, personal account ${yuan(split.personalAccount.amountFen).trim()}, cash ${yuan(split.cash.amountFen).trim()}`);
  if (split.cash.amountFen > 0) await pay(consultation.id, 'wechat');
  await hospital.nationalInsurance.settle(registered.id).unwrap();

  // 5. The ACO insurer reimburses what was not paid by anyone else (BR-INS-1), after adjudication.
  const consultationOrder = await patient.orders.get(consultation.id).unwrap();
  const drugOrder = await patient.orders.get(drugOrderDraft.id).unwrap();
  const lineOf = (order: Order) => {
    const [line] = order.lines;
    if (!line) throw new Error(`Order ${order.id} has no lines`);
    return line;
  };
  const submitted = await patient.claims
    .submit({
      coverageId: 'cov_zhaolei_aco',
      patientId,
      lines: [
        { orderId: consultationOrder.id, orderLineId: lineOf(consultationOrder).id, category: 'consultation', diagnosis: { icd10: 'I10' }, submitted: lineOf(consultationOrder).amount },
        { orderId: drugOrder.id, orderLineId: lineOf(drugOrder).id, category: 'drug', diagnosis: { icd10: 'I10' }, submitted: lineOf(drugOrder).amount },
      ],
    })
    .unwrap();
  await advanceClock(10 * 60);
  const claim = await insurer.claims.pay(submitted.id).unwrap();
  log(`Claim ${claim.id} ${claim.outcome ?? ''}: ${yuan(claim.totalBenefit?.amountFen ?? 0).trim()} to the ${claim.payment?.payee ?? '—'}`);

  // 6. Settlement statements: what the platform owes the hospital and the pharmacy for June.
  const statements = {
    hospital: await hospital.settlementStatements.get('stm_qtih_202606').unwrap(),
    pharmacy: await pharmacy.settlementStatements.get('stm_jiuzhou_202606').unwrap(),
  };

  const ledger = [
    'order                         payee          total   nat. fund   personal     patient     insurer',
    ...[consultationOrder, drugOrder].map((order) => {
      const fromLedger = (statement: SettlementStatement, source: string) =>
        statement.lines.filter((line) => line.orderId === order.id && line.source === source).reduce((sum, line) => sum + line.amount.amountFen, 0);
      const statement = order.organizationId === 'org_jiuzhou' ? statements.pharmacy : statements.hospital;
      const reimbursed = claim.lines.filter((line) => line.orderId === order.id).reduce((sum, line) => sum + (line.eob?.benefit.amountFen ?? 0), 0);
      return `${order.id.padEnd(28)} ${order.organizationId.padEnd(12)} ${yuan(order.total.amountFen)} ${yuan(fromLedger(statement, 'national-insurance-fund'))} ${yuan(fromLedger(statement, 'personal-account'))} ${yuan(fromLedger(statement, 'patient'))} ${yuan(reimbursed)}`;
    }),
    ...[statements.hospital, statements.pharmacy].map((statement) => `statement ${statement.id.padEnd(18)} ${statement.organizationId.padEnd(12)} net ${yuan(statement.net.amountFen)}`),
  ];
  for (const row of ledger) log(row);
  return { consultationOrder, drugOrder, claim, statements, ledger };
}
