import { createHospitalClient } from '@careloop/hospital';
import { createInsurerClient, fenToYuan, type Claim, type EligibilityCheck } from '@careloop/insurer';

export interface ClaimsOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** The insurer's and the billing hospital's sandbox credentials (printed by `npm start`). */
  insurer: { clientId: string; clientSecret: string };
  hospital: { clientId: string; clientSecret: string };
  /**
   * Lets time pass: adjudication is asynchronous. Against the mock platform this moves its clock
   * (`POST /_mock/clock/advance`); against production, wait and poll instead.
   */
  advanceClock: (seconds: number) => Promise<void>;
  log?: (line: string) => void;
}

export interface ClaimsResult {
  eligibility: EligibilityCheck;
  submitted: Claim;
  adjudicated: Claim;
  paid: Claim;
}

const yuan = (amount: { amountFen: number }) => `¥${fenToYuan(amount.amountFen)}`;

/**
 * Anxin Health Insurance's claims desk for Zhao Lei, an ACO member: the insurer checks his
 * eligibility, Lin'an County Hospital bills his 25 May visit directly, the claim is queued and
 * adjudicated line by line (national insurance's share is never paid twice: BR-INS-1), and the
 * insurer pays the hospital the benefits.
 */
export async function runClaimsDesk({ baseUrl, fetch, insurer: insurerAuth, hospital: hospitalAuth, advanceClock, log = () => {} }: ClaimsOptions): Promise<ClaimsResult> {
  const transport = fetch ? { fetch } : {};
  const insurer = createInsurerClient({ baseUrl, ...transport, auth: insurerAuth });
  const hospital = createHospitalClient({ baseUrl, ...transport, auth: hospitalAuth });

  const eligibility = await insurer.eligibility
    .check({ patientId: 'pat_zhaolei', insurerId: 'org_anxin', category: 'drug', serviceDate: '2026-06-01', diagnosis: { icd10: 'I10' } })
    .unwrap();
  log(`Eligibility of pat_zhaolei for drugs: ${eligibility.eligible ? 'eligible' : `not eligible (${eligibility.reasons.join(', ')})`}, coverage ${eligibility.coverageId ?? '—'}`);

  const submitted = await hospital.claims
    .submit({
      coverageId: 'cov_zhaolei_aco',
      patientId: 'pat_zhaolei',
      lines: [
        { orderId: 'ord_zhaolei_visit_0525', orderLineId: 'ord_zhaolei_visit_0525_l1', category: 'consultation', diagnosis: { icd10: 'I10' }, submitted: { amountFen: 5000, currency: 'CNY' } },
        { orderId: 'ord_zhaolei_visit_0525', orderLineId: 'ord_zhaolei_visit_0525_l2', category: 'drug', diagnosis: { icd10: 'I10' }, submitted: { amountFen: 12000, currency: 'CNY' } },
      ],
    })
    .unwrap();
  log(`Claim ${submitted.id} ${submitted.status}: ${submitted.lines.map((line) => `${line.controlNumber} ${yuan(line.submitted)}`).join(', ')}`);

  // Adjudication runs on the insurer's clock: let a few minutes pass, then read the outcome.
  await advanceClock(10 * 60);
  const adjudicated = await insurer.claims.get(submitted.id).unwrap();
  log(`Claim ${adjudicated.id} ${adjudicated.status} (${adjudicated.outcome ?? '—'})`);
  for (const line of adjudicated.lines) {
    const eob = line.eob;
    if (!eob) continue;
    log(`  ${line.controlNumber}: submitted ${yuan(line.submitted)}, eligible ${yuan(eob.eligible)}, deductible ${yuan(eob.deductible)}, co-pay ${yuan(eob.coPay)} → benefit ${yuan(eob.benefit)}`);
  }

  const paid = await insurer.claims.pay(adjudicated.id).unwrap();
  log(`Paid ${paid.id}: ${paid.payment ? `${yuan(paid.payment.amount)} to the ${paid.payment.payee}` : '—'}`);
  return { eligibility, submitted, adjudicated, paid };
}
