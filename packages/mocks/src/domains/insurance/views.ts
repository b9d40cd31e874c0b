/** Records → the spec's Plan, Coverage, EligibilityCheck and Claim shapes, keys in spec order. */
import { money } from '../../engine/money.js';
import { formatLocal } from '../../engine/clock.js';
import type { ClaimLineRecord, ClaimRecord, CoverageRecord, LineAdjudication, PlanRecord } from './model.js';
import type { EligibilityResult } from './service.js';

const maybeMoney = (amountFen: number | null) => (amountFen === null ? null : money(amountFen));

export function planView(plan: PlanRecord) {
  return {
    id: plan.id,
    kind: plan.kind,
    insurerId: plan.insurerId,
    name: plan.name,
    description: plan.description,
    annualPremium: money(plan.annualPremiumFen),
    perIllnessLimit: maybeMoney(plan.perIllnessLimitFen),
    healthManagement: plan.healthManagement,
    benefits: plan.benefits.map((benefit) => ({
      category: benefit.category,
      deductible: money(benefit.deductibleFen),
      coPayPercent: benefit.coPayPercent,
      annualLimit: money(benefit.annualLimitFen),
      waitingPeriodDays: benefit.waitingPeriodDays,
      exclusions: [...benefit.exclusions],
    })),
  };
}

export function coverageView(coverage: CoverageRecord) {
  return {
    id: coverage.id,
    status: coverage.status,
    planId: coverage.planId,
    insurerId: coverage.insurerId,
    patientId: coverage.patientId,
    premium: money(coverage.premiumFen),
    premiumOrderId: coverage.premiumOrderId,
    startsOn: coverage.startsOn,
    endsOn: coverage.endsOn,
    cancellationReason: coverage.cancellationReason,
    createdAt: formatLocal(coverage.createdAtMs),
    updatedAt: formatLocal(coverage.updatedAtMs),
  };
}

export function eligibilityView(result: EligibilityResult) {
  return {
    eligible: result.eligible,
    reasons: [...result.reasons],
    patientId: result.patientId,
    insurerId: result.insurerId,
    coverageId: result.coverageId,
    planId: result.planId,
    category: result.category,
    serviceDate: result.serviceDate,
    remainingAnnualLimit: maybeMoney(result.remainingAnnualLimitFen),
    deductibleRemaining: maybeMoney(result.deductibleRemainingFen),
    waitingPeriodEndsOn: result.waitingPeriodEndsOn,
    estimatedBenefit: maybeMoney(result.estimatedBenefitFen),
    checkedAt: formatLocal(result.checkedAtMs),
  };
}

function eobView(adjudication: LineAdjudication | null) {
  if (adjudication === null) return null;
  return {
    eligible: money(adjudication.eligibleFen),
    deductible: money(adjudication.deductibleFen),
    coPay: money(adjudication.coPayFen),
    benefit: money(adjudication.benefitFen),
    notes: adjudication.notes.map((note) => ({ code: note.code, detail: note.detail })),
  };
}

function claimLineView(line: ClaimLineRecord) {
  return {
    controlNumber: line.controlNumber,
    orderId: line.orderId,
    orderLineId: line.orderLineId,
    category: line.category,
    diagnosis: { icd10: line.icd10 },
    submitted: money(line.submittedFen),
    eob: eobView(line.adjudication),
  };
}

export function claimView(claim: ClaimRecord) {
  const decided = claim.lines.every((line) => line.adjudication !== null);
  return {
    id: claim.id,
    status: claim.status,
    outcome: claim.outcome,
    coverageId: claim.coverageId,
    patientId: claim.patientId,
    insurerId: claim.insurerId,
    providerId: claim.providerId,
    payee: claim.providerId === null ? 'patient' : 'provider',
    lines: claim.lines.map(claimLineView),
    totalSubmitted: money(claim.lines.reduce((sum, line) => sum + line.submittedFen, 0)),
    totalBenefit: decided ? money(claim.lines.reduce((sum, line) => sum + (line.adjudication?.benefitFen ?? 0), 0)) : null,
    errorReason: claim.errorReason,
    payment: claim.payment === null ? null : { payee: claim.payment.payee, amount: money(claim.payment.amountFen), paidAt: formatLocal(claim.payment.paidAtMs) },
    submittedAt: formatLocal(claim.submittedAtMs),
    adjudicatedAt: claim.adjudicatedAtMs === null ? null : formatLocal(claim.adjudicatedAtMs),
    updatedAt: formatLocal(claim.updatedAtMs),
  };
}
