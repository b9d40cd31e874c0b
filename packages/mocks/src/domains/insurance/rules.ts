/**
 * The commercial-insurance rules (PLATFORM.md §11). Each rule is decided here and only here; the
 * service applies the effects. Amounts are integer fen; co-pay rounds half up in integer arithmetic.
 */
import { percentOfFen } from '@careloop/core';
import { DomainError, invalidTransition } from '../../engine/problem.js';
import type { OrderLineRecord } from '../payments/model.js';
import type {
  BenefitCategory,
  ClaimRecord,
  ClaimStatus,
  CoverageRecord,
  CoverageStatus,
  EobNote,
  LineAdjudication,
  PlanBenefit,
  PlanRecord,
} from './model.js';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` plus whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A coverage year: from the day the premium is paid to the day before its anniversary. */
export function coverageEnd(startsOn: string): string {
  const next = new Date(`${startsOn}T00:00:00Z`);
  next.setUTCFullYear(next.getUTCFullYear() + 1);
  return addDays(next.toISOString().slice(0, 10), -1);
}

export function benefitFor(plan: PlanRecord, category: BenefitCategory): PlanBenefit | undefined {
  return plan.benefits.find((benefit) => benefit.category === category);
}

/** BR-INS-2: care in a category is covered only from the end of its waiting period (startsOn + waitingPeriodDays). */
export function waitingPeriodEndsOn(coverage: CoverageRecord, benefit: PlanBenefit): string | null {
  return coverage.startsOn === null ? null : addDays(coverage.startsOn, benefit.waitingPeriodDays);
}

export function inWaitingPeriod(coverage: CoverageRecord, benefit: PlanBenefit, serviceDate: string): boolean {
  const endsOn = waitingPeriodEndsOn(coverage, benefit);
  return endsOn !== null && serviceDate < endsOn;
}

/** BR-INS-3: a diagnosis in one of the plan's excluded ICD-10 categories (`E11` excludes `E11.9`) is not covered. */
export function isExcluded(benefit: PlanBenefit, icd10: string): boolean {
  return benefit.exclusions.some((category) => icd10.toUpperCase().startsWith(category.toUpperCase()));
}

/** Whether a coverage covers a service date at all: active, and the date inside its coverage year. */
export function coversDate(coverage: CoverageRecord, serviceDate: string): boolean {
  return coverage.status === 'active' && coverage.startsOn !== null && coverage.endsOn !== null && serviceDate >= coverage.startsOn && serviceDate <= coverage.endsOn;
}

/**
 * BR-INS-1: a commercial claim covers only what national insurance did not pay, less what earlier
 * claims already covered of the same order line.
 */
export function unpaidByOthersFen(line: OrderLineRecord, alreadyCoveredFen: number): number {
  return Math.max(0, line.amountFen - line.nationalInsurancePaidFen - alreadyCoveredFen);
}

/** The patient's co-pay on `baseFen`: coPayPercent of it, rounded half up to the fen (integer arithmetic). */
export function coPayFen(baseFen: number, coPayPercent: number): number {
  return percentOfFen(baseFen, coPayPercent);
}

export interface LineUsage {
  /** Deductible already applied this coverage year in the category. */
  deductibleUsedFen: number;
  /** Benefits already granted this coverage year in the category. */
  benefitUsedFen: number;
}

export interface LineFacts {
  submittedFen: number;
  orderLine: OrderLineRecord;
  /** Benefits earlier decided claims granted on the same order line. */
  alreadyCoveredFen: number;
  benefit: PlanBenefit | undefined;
  waiting: boolean;
  excluded: boolean;
  usage: LineUsage;
}

/** One line's explanation of benefits: submitted → eligible (BR-INS-1/2/3) → deductible → co-pay → benefit (BR-INS-4). */
export function adjudicateLine(facts: LineFacts): LineAdjudication {
  const { submittedFen, orderLine, alreadyCoveredFen, benefit, usage } = facts;
  const notes: EobNote[] = [];
  const zero = (note: EobNote): LineAdjudication => ({ eligibleFen: 0, deductibleFen: 0, coPayFen: 0, benefitFen: 0, notes: [...notes, note] });
  if (!benefit) return zero({ code: 'not-covered', detail: 'The plan has no benefit for this category.' });
  if (facts.excluded) return zero({ code: 'excluded', detail: 'The diagnosis is in an excluded ICD-10 category (BR-INS-3).' });
  if (facts.waiting) return zero({ code: 'waiting-period', detail: 'The service date is inside the waiting period (BR-INS-2).' });

  // BR-INS-1: national insurance's share and earlier claims' benefits are not claimable again.
  if (orderLine.nationalInsurancePaidFen > 0) {
    notes.push({ code: 'national-insurance-paid', detail: `National insurance paid ${orderLine.nationalInsurancePaidFen} fen of this line (BR-INS-1).` });
  }
  if (alreadyCoveredFen > 0) notes.push({ code: 'already-claimed', detail: `Earlier claims covered ${alreadyCoveredFen} fen of this line (BR-INS-1).` });
  const claimable = unpaidByOthersFen(orderLine, alreadyCoveredFen);
  const eligibleFen = Math.min(submittedFen, claimable);
  if (eligibleFen < submittedFen) {
    notes.push({ code: 'exceeds-unpaid', detail: `${submittedFen - eligibleFen} fen exceed what is left unpaid of the line and are not eligible (BR-INS-1).` });
  }

  const deductibleFen = Math.min(eligibleFen, Math.max(0, benefit.deductibleFen - usage.deductibleUsedFen));
  if (deductibleFen > 0) notes.push({ code: 'deductible-applied', detail: `${deductibleFen} fen of the deductible applied.` });
  const coPay = coPayFen(eligibleFen - deductibleFen, benefit.coPayPercent);
  if (coPay > 0) notes.push({ code: 'co-pay-applied', detail: `Co-pay ${benefit.coPayPercent}%: ${coPay} fen (rounded half up).` });

  // BR-INS-4: the plan pays at most the category's annual limit per coverage year.
  const remaining = Math.max(0, benefit.annualLimitFen - usage.benefitUsedFen);
  const uncapped = eligibleFen - deductibleFen - coPay;
  const benefitFen = Math.min(uncapped, remaining);
  if (benefitFen < uncapped) notes.push({ code: 'limit-reached', detail: `The annual limit leaves ${remaining} fen (BR-INS-4).` });
  return { eligibleFen, deductibleFen, coPayFen: coPay, benefitFen, notes };
}

/** BR-INS-5: claims are submitted only against an active coverage. */
export function assertCoverageActive(coverage: CoverageRecord): void {
  if (coverage.status !== 'active') {
    throw new DomainError(409, 'COVERAGE_NOT_ACTIVE', `Coverage ${coverage.id} is ${coverage.status}; claims need an active coverage (BR-INS-5).`);
  }
}

/** BR-INS-6: an order line is in at most one open (submitted or queued) claim at a time. */
export function assertLineNotInOpenClaim(openClaim: ClaimRecord | undefined, orderLineId: string): void {
  if (openClaim) {
    throw new DomainError(409, 'DUPLICATE_CLAIM_LINE', `Order line ${orderLineId} is already in open claim ${openClaim.id} (BR-INS-6).`);
  }
}

const COVERAGE_ALLOWED_FROM = {
  activate: ['pending-payment'],
  cancel: ['pending-payment', 'active'],
  expire: ['active'],
} as const satisfies Record<string, readonly CoverageStatus[]>;

export function assertCoverageTransition(coverage: CoverageRecord, action: keyof typeof COVERAGE_ALLOWED_FROM): void {
  const allowed: readonly CoverageStatus[] = COVERAGE_ALLOWED_FROM[action];
  if (!allowed.includes(coverage.status)) throw invalidTransition('coverage', coverage.status, allowed.join(' or '));
}

export function assertClaimStatus(claim: ClaimRecord, needed: ClaimStatus): void {
  if (claim.status !== needed) throw invalidTransition('claim', claim.status, needed);
}
