/**
 * Commercial insurance operations: tenancy, the rules of rules.ts and their effects (state, events,
 * premium orders, adjudication timers, ledger entries). Every method is synchronous.
 *
 * Tenancy: a coverage is seen by its patient and its insurer; a claim by its patient, its insurer
 * and the provider that billed it. Everyone else gets 404.
 */
import type { Caller } from '../../engine/auth.js';
import { localDate } from '../../engine/clock.js';
import type { EventType } from '../../engine/events.js';
import { DomainError, notFound, validationFailed, type FieldError } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import { unpaidOrder, type OrderLineRecord, type OrderRecord } from '../payments/model.js';
import {
  DECIDED_CLAIM,
  OPEN_CLAIM,
  type BenefitCategory,
  type ClaimLineRecord,
  type ClaimRecord,
  type CoverageRecord,
  type PlanRecord,
} from './model.js';
import {
  adjudicateLine,
  assertClaimStatus,
  assertCoverageActive,
  assertCoverageTransition,
  assertLineNotInOpenClaim,
  benefitFor,
  coverageEnd,
  coversDate,
  addDays,
  inWaitingPeriod,
  isExcluded,
  waitingPeriodEndsOn,
  type LineUsage,
} from './rules.js';
import type { InsuranceStore } from './store.js';

export const COVERAGE_EXPIRY_TIMER = 'coverage-expiry';
export const CLAIM_QUEUE_TIMER = 'claim-queue';
export const CLAIM_ADJUDICATION_TIMER = 'claim-adjudication';
/** A submitted claim is queued one minute later and adjudicated five minutes after submission. */
export const CLAIM_QUEUE_DELAY_MS = 60_000;
export const CLAIM_ADJUDICATION_DELAY_MS = 5 * 60_000;

export interface CreateCoverageInput {
  planId: string;
  patientId: string;
}

export interface EligibilityInput {
  patientId: string;
  insurerId?: string;
  category: BenefitCategory;
  serviceDate: string;
  amount?: { amountFen: number };
  diagnosis?: { icd10: string };
}

export interface EligibilityResult {
  eligible: boolean;
  reasons: ('coverage-inactive' | 'waiting-period' | 'excluded' | 'limit-reached')[];
  patientId: string;
  insurerId: string | null;
  coverageId: string | null;
  planId: string | null;
  category: BenefitCategory;
  serviceDate: string;
  remainingAnnualLimitFen: number | null;
  deductibleRemainingFen: number | null;
  waitingPeriodEndsOn: string | null;
  estimatedBenefitFen: number | null;
  checkedAtMs: number;
}

export interface SubmitClaimInput {
  coverageId: string;
  patientId: string;
  lines: { orderId: string; orderLineId: string; category: BenefitCategory; diagnosis: { icd10: string }; submitted: { amountFen: number } }[];
}

export interface CoverageQuery {
  status?: string | undefined;
  patientId?: string | undefined;
}

export interface ClaimQuery {
  status?: string | undefined;
  patientId?: string | undefined;
  coverageId?: string | undefined;
}

export class InsuranceService {
  constructor(
    private readonly store: InsuranceStore,
    private readonly services: PlatformServices,
  ) {}

  // ── Plans: public to every caller. ──

  plan(id: string): PlanRecord {
    const plan = this.store.plans.get(id);
    if (!plan) throw notFound('plan', id);
    return plan;
  }

  listPlans(query: { insurerId?: string | undefined; kind?: string | undefined }): PlanRecord[] {
    return [...this.store.plans.values()].filter(
      (plan) => (query.insurerId === undefined || plan.insurerId === query.insurerId) && (query.kind === undefined || plan.kind === query.kind),
    );
  }

  // ── Coverages. ──

  visibleCoverage(caller: Caller, id: string): CoverageRecord {
    const coverage = this.store.coverages.get(id);
    if (!coverage || !isCoverageParty(caller, coverage)) throw notFound('coverage', id);
    return coverage;
  }

  listCoverages(caller: Caller, query: CoverageQuery): CoverageRecord[] {
    const ids = caller.kind === 'patient' ? this.store.coveragesByPatient.get(caller.patientId) : this.store.coveragesByInsurer.get(caller.organizationId);
    return [...ids].flatMap((id) => this.store.coverages.get(id) ?? []).filter(
      (coverage) => (query.status === undefined || coverage.status === query.status) && (query.patientId === undefined || coverage.patientId === query.patientId),
    );
  }

  /** A patient joins a plan (or an insurer enrols a patient): pending until the premium order is paid. */
  createCoverage(caller: Caller, input: CreateCoverageInput, nowMs: number): CoverageRecord {
    if (caller.kind === 'patient' ? input.patientId !== caller.patientId : !this.services.patients.get(input.patientId)) {
      throw notFound('patient', input.patientId);
    }
    const plan = this.store.plans.get(input.planId);
    if (!plan || (caller.kind === 'organization' && plan.insurerId !== caller.organizationId)) throw notFound('plan', input.planId);
    const existing = this.store.coveragesOf(input.patientId).find((c) => c.planId === plan.id && (c.status === 'pending-payment' || c.status === 'active'));
    if (existing) throw new DomainError(409, 'ALREADY_ENROLLED', `${input.patientId} already has coverage ${existing.id} (${existing.status}) under ${plan.id}.`);

    const id = this.services.ids.next('cov');
    const order = this.premiumOrder(id, plan, input.patientId, nowMs);
    const coverage: CoverageRecord = {
      id,
      status: 'pending-payment',
      planId: plan.id,
      insurerId: plan.insurerId,
      patientId: input.patientId,
      premiumFen: plan.annualPremiumFen,
      premiumOrderId: order.id,
      startsOn: null,
      endsOn: null,
      cancellationReason: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.services.orders.add(order);
    this.store.addCoverage(coverage);
    this.emitCoverage('coverage.created', coverage, nowMs);
    return coverage;
  }

  private premiumOrder(coverageId: string, plan: PlanRecord, patientId: string, nowMs: number): OrderRecord {
    const id = this.services.ids.next('ord');
    return unpaidOrder({
      id,
      kind: 'premium',
      patientId,
      organizationId: plan.insurerId,
      lines: [
        {
          id: `${id}_l1`,
          kind: 'premium',
          description: `${plan.name}: annual premium`,
          reference: coverageId,
          quantity: 1,
          unitPriceFen: plan.annualPremiumFen,
          amountFen: plan.annualPremiumFen,
          nationalInsurancePaidFen: 0,
          refundedFen: 0,
        },
      ],
      expiresAtMs: null,
      createdAtMs: nowMs,
    });
  }

  /** hooks.orderPaid: a paid premium order activates its coverage for one coverage year from the payment date. */
  onOrderPaid(order: OrderRecord, atMs: number): void {
    if (order.kind !== 'premium') return;
    for (const line of order.lines) {
      const coverage = line.reference === null ? undefined : this.store.coverages.get(line.reference);
      if (coverage?.premiumOrderId !== order.id || coverage.status !== 'pending-payment') continue;
      assertCoverageTransition(coverage, 'activate');
      coverage.status = 'active';
      coverage.startsOn = localDate(atMs);
      coverage.endsOn = coverageEnd(coverage.startsOn);
      coverage.updatedAtMs = atMs;
      this.scheduleExpiry(coverage);
      this.emitCoverage('coverage.activated', coverage, atMs);
    }
  }

  scheduleExpiry(coverage: CoverageRecord): void {
    if (coverage.endsOn === null) return;
    // Expires when its last day ends, at local midnight.
    this.services.timers.schedule({ atMs: Date.parse(`${addDays(coverage.endsOn, 1)}T00:00:00+08:00`), kind: COVERAGE_EXPIRY_TIMER, target: coverage.id });
  }

  /** Timer callback: an active coverage ends after its last day. */
  expireCoverage(coverageId: string, atMs: number): void {
    const coverage = this.store.coverages.get(coverageId);
    if (coverage?.status !== 'active') return;
    coverage.status = 'expired';
    coverage.updatedAtMs = atMs;
    this.emitCoverage('coverage.expired', coverage, atMs);
  }

  cancelCoverage(caller: Caller, coverageId: string, reason: string | undefined, nowMs: number): CoverageRecord {
    const coverage = this.visibleCoverage(caller, coverageId);
    assertCoverageTransition(coverage, 'cancel');
    coverage.status = 'cancelled';
    coverage.cancellationReason = reason ?? null;
    coverage.updatedAtMs = nowMs;
    // An unpaid premium order goes with the coverage; refunds of paid premiums are the payments domain's.
    const order = this.services.orders.get(coverage.premiumOrderId);
    if (order?.status === 'pending-payment') {
      order.status = 'cancelled';
      order.updatedAtMs = nowMs;
    }
    this.emitCoverage('coverage.cancelled', coverage, nowMs);
    return coverage;
  }

  // ── Eligibility: a 200 answer either way, with the reasons when not eligible. ──

  checkEligibility(caller: Caller, input: EligibilityInput, nowMs: number): EligibilityResult {
    const ownPatient = caller.kind === 'patient' ? caller.patientId === input.patientId : this.services.patients.get(input.patientId) !== undefined;
    if (!ownPatient) throw notFound('patient', input.patientId);
    // An insurer checks against its own coverages only.
    const insurerId = this.isInsurer(caller) && caller.kind === 'organization' ? caller.organizationId : input.insurerId;
    const candidates = this.store
      .coveragesOf(input.patientId)
      .filter((c) => (insurerId === undefined || c.insurerId === insurerId) && benefitFor(this.plan(c.planId), input.category) !== undefined);
    const coverage = candidates.find((c) => coversDate(c, input.serviceDate)) ?? candidates[candidates.length - 1];
    const result: EligibilityResult = {
      eligible: false,
      reasons: [],
      patientId: input.patientId,
      insurerId: coverage?.insurerId ?? insurerId ?? null,
      coverageId: coverage?.id ?? null,
      planId: coverage?.planId ?? null,
      category: input.category,
      serviceDate: input.serviceDate,
      remainingAnnualLimitFen: null,
      deductibleRemainingFen: null,
      waitingPeriodEndsOn: null,
      estimatedBenefitFen: null,
      checkedAtMs: nowMs,
    };
    const benefit = coverage ? benefitFor(this.plan(coverage.planId), input.category) : undefined;
    if (!coverage || !benefit || !coversDate(coverage, input.serviceDate)) return { ...result, reasons: ['coverage-inactive'] };

    const usage = this.usage(coverage, input.category);
    const waiting = inWaitingPeriod(coverage, benefit, input.serviceDate);
    const excluded = input.diagnosis !== undefined && isExcluded(benefit, input.diagnosis.icd10);
    const remaining = Math.max(0, benefit.annualLimitFen - usage.benefitUsedFen);
    const reasons: EligibilityResult['reasons'] = [];
    if (waiting) reasons.push('waiting-period');
    if (excluded) reasons.push('excluded');
    if (remaining === 0) reasons.push('limit-reached');
    const estimate = input.amount
      ? adjudicateLine({ submittedFen: input.amount.amountFen, orderLine: estimateLine(input.amount.amountFen), alreadyCoveredFen: 0, benefit, waiting, excluded, usage })
      : undefined;
    return {
      ...result,
      eligible: reasons.length === 0,
      reasons,
      remainingAnnualLimitFen: remaining,
      deductibleRemainingFen: Math.max(0, benefit.deductibleFen - usage.deductibleUsedFen),
      waitingPeriodEndsOn: waitingPeriodEndsOn(coverage, benefit),
      estimatedBenefitFen: estimate?.benefitFen ?? null,
    };
  }

  private isInsurer(caller: Caller): boolean {
    return caller.kind === 'organization' && this.services.directory.organizations.get(caller.organizationId)?.type === 'insurer';
  }

  /** Deductible and benefits of the coverage's decided claims in a category (BR-INS-4). */
  private usage(coverage: CoverageRecord, category: BenefitCategory, except?: string): LineUsage {
    const usage: LineUsage = { deductibleUsedFen: 0, benefitUsedFen: 0 };
    for (const claim of this.store.claimsOfCoverage(coverage.id)) {
      if (claim.id === except || !DECIDED_CLAIM.has(claim.status)) continue;
      for (const line of claim.lines) {
        if (line.category !== category || !line.adjudication) continue;
        usage.deductibleUsedFen += line.adjudication.deductibleFen;
        usage.benefitUsedFen += line.adjudication.benefitFen;
      }
    }
    return usage;
  }

  // ── Claims. ──

  visibleClaim(caller: Caller, id: string): ClaimRecord {
    const claim = this.store.claims.get(id);
    if (!claim || !isClaimParty(caller, claim)) throw notFound('claim', id);
    return claim;
  }

  listClaims(caller: Caller, query: ClaimQuery): ClaimRecord[] {
    const party = caller.kind === 'patient' ? caller.patientId : caller.organizationId;
    return this.store
      .claimsOfParty(party)
      .filter(
        (claim) =>
          isClaimParty(caller, claim) &&
          (query.status === undefined || claim.status === query.status) &&
          (query.patientId === undefined || claim.patientId === query.patientId) &&
          (query.coverageId === undefined || claim.coverageId === query.coverageId),
      );
  }

  /** A provider bills directly (the caller is the payee) or the patient claims reimbursement. */
  submitClaim(caller: Caller, input: SubmitClaimInput, nowMs: number): ClaimRecord {
    const providerId = caller.kind === 'organization' ? caller.organizationId : null;
    if (caller.kind === 'patient' && caller.patientId !== input.patientId) throw notFound('patient', input.patientId);
    const coverage = this.store.coverages.get(input.coverageId);
    if (!coverage || coverage.patientId !== input.patientId) throw notFound('coverage', input.coverageId);
    assertCoverageActive(coverage);

    const errors: FieldError[] = [];
    input.lines.forEach((line, index) => {
      const order = this.services.orders.get(line.orderId);
      const billable = order && order.patientId === input.patientId && (providerId === null || order.organizationId === providerId);
      if (!billable || !order.lines.some((l) => l.id === line.orderLineId)) {
        errors.push({ pointer: `/body/lines/${index}/orderLineId`, code: 'not_found', message: `no line ${line.orderLineId} in an order ${line.orderId} of this patient${providerId ? ' billed by this provider' : ''}` });
      }
    });
    if (errors.length > 0) throw validationFailed(errors);
    const seen = new Set<string>();
    for (const line of input.lines) {
      const open = this.store.claimsOfOrderLine(line.orderLineId).find((claim) => OPEN_CLAIM.has(claim.status));
      assertLineNotInOpenClaim(open, line.orderLineId);
      if (seen.has(line.orderLineId)) throw new DomainError(409, 'DUPLICATE_CLAIM_LINE', `Order line ${line.orderLineId} appears twice in this claim (BR-INS-6).`);
      seen.add(line.orderLineId);
    }

    const id = this.services.ids.next('clm');
    const claim: ClaimRecord = {
      id,
      status: 'submitted',
      outcome: null,
      coverageId: coverage.id,
      patientId: input.patientId,
      insurerId: coverage.insurerId,
      providerId,
      lines: input.lines.map(
        (line, index): ClaimLineRecord => ({
          controlNumber: `${id}-${index + 1}`,
          orderId: line.orderId,
          orderLineId: line.orderLineId,
          category: line.category,
          icd10: line.diagnosis.icd10,
          submittedFen: line.submitted.amountFen,
          adjudication: null,
        }),
      ),
      errorReason: null,
      payment: null,
      submittedAtMs: nowMs,
      adjudicatedAtMs: null,
      updatedAtMs: nowMs,
    };
    this.store.addClaim(claim);
    this.services.timers.schedule({ atMs: nowMs + CLAIM_QUEUE_DELAY_MS, kind: CLAIM_QUEUE_TIMER, target: id });
    this.services.timers.schedule({ atMs: nowMs + CLAIM_ADJUDICATION_DELAY_MS, kind: CLAIM_ADJUDICATION_TIMER, target: id });
    this.emitClaim('claim.submitted', claim, nowMs);
    return claim;
  }

  /** Timer callback: the insurer's queue picks the claim up. */
  queueClaim(claimId: string, atMs: number): void {
    const claim = this.store.claims.get(claimId);
    if (claim?.status !== 'submitted') return;
    claim.status = 'queued';
    claim.updatedAtMs = atMs;
    this.emitClaim('claim.queued', claim, atMs);
  }

  /** Timer callback: adjudicates every line (BR-INS-1..4), or errors when the coverage is no longer active. */
  adjudicateClaim(claimId: string, atMs: number): void {
    const claim = this.store.claims.get(claimId);
    if (!claim || !OPEN_CLAIM.has(claim.status)) return;
    const coverage = this.store.coverages.get(claim.coverageId);
    claim.updatedAtMs = atMs;
    if (coverage?.status !== 'active') {
      claim.status = 'error';
      claim.errorReason = `Coverage ${claim.coverageId} is ${coverage?.status ?? 'unknown'}; nothing was adjudicated.`;
      this.emitClaim('claim.errored', claim, atMs);
      return;
    }
    this.decideLines(claim, coverage);
    claim.status = 'adjudicated';
    claim.outcome = claim.lines.every((line) => line.adjudication?.eligibleFen === line.submittedFen) ? 'complete' : 'partial';
    claim.adjudicatedAtMs = atMs;
    this.emitClaim('claim.adjudicated', claim, atMs, claim.outcome);
  }

  /** Fills each line's explanation of benefits, line by line, so earlier lines count against later ones' deductible and limit. */
  decideLines(claim: ClaimRecord, coverage: CoverageRecord): void {
    const plan = this.plan(coverage.planId);
    const usageByCategory = new Map<BenefitCategory, LineUsage>();
    for (const line of claim.lines) {
      const usage = usageByCategory.get(line.category) ?? this.usage(coverage, line.category, claim.id);
      const order = this.services.orders.get(line.orderId);
      const orderLine = order?.lines.find((l) => l.id === line.orderLineId);
      if (!order || !orderLine) throw new Error(`Claim ${claim.id} names a missing order line ${line.orderLineId}`);
      const benefit = benefitFor(plan, line.category);
      const adjudication = adjudicateLine({
        submittedFen: line.submittedFen,
        orderLine,
        alreadyCoveredFen: this.coveredByOtherClaims(line.orderLineId, claim.id),
        benefit,
        waiting: benefit !== undefined && inWaitingPeriod(coverage, benefit, localDate(order.createdAtMs)),
        excluded: benefit !== undefined && isExcluded(benefit, line.icd10),
        usage,
      });
      line.adjudication = adjudication;
      usageByCategory.set(line.category, {
        deductibleUsedFen: usage.deductibleUsedFen + adjudication.deductibleFen,
        benefitUsedFen: usage.benefitUsedFen + adjudication.benefitFen,
      });
    }
  }

  /** BR-INS-1: benefits decided claims already granted on this order line. */
  private coveredByOtherClaims(orderLineId: string, claimId: string): number {
    let covered = 0;
    for (const claim of this.store.claimsOfOrderLine(orderLineId)) {
      if (claim.id === claimId || !DECIDED_CLAIM.has(claim.status)) continue;
      for (const line of claim.lines) if (line.orderLineId === orderLineId) covered += line.adjudication?.benefitFen ?? 0;
    }
    return covered;
  }

  /** The insurer pays the benefits: to the provider (direct billing, in the ledger) or to the patient (reimbursement). */
  payClaim(insurerId: string, claimId: string, nowMs: number): ClaimRecord {
    const claim = this.store.claims.get(claimId);
    if (claim?.insurerId !== insurerId) throw notFound('claim', claimId);
    assertClaimStatus(claim, 'adjudicated');
    const amountFen = claim.lines.reduce((sum, line) => sum + (line.adjudication?.benefitFen ?? 0), 0);
    const { providerId } = claim;
    if (providerId !== null) {
      for (const line of claim.lines) {
        const benefitFen = line.adjudication?.benefitFen ?? 0;
        if (benefitFen === 0) continue;
        this.services.ledger.append({
          payeeOrganizationId: providerId,
          orderId: line.orderId,
          orderLineId: line.orderLineId,
          source: 'commercial-insurance',
          kind: 'insurance-share',
          amountFen: benefitFen,
          reference: claim.id,
          atMs: nowMs,
        });
      }
    }
    claim.status = 'paid';
    claim.payment = { payee: providerId === null ? 'patient' : 'provider', amountFen, paidAtMs: nowMs };
    claim.updatedAtMs = nowMs;
    this.emitClaim('claim.paid', claim, nowMs);
    return claim;
  }

  private emitCoverage(type: EventType, coverage: CoverageRecord, atMs: number): void {
    this.services.events.emit(type, { object: 'coverage', id: coverage.id, status: coverage.status, organizationId: coverage.insurerId, patientId: coverage.patientId }, atMs);
  }

  private emitClaim(type: EventType, claim: ClaimRecord, atMs: number, reason?: string): void {
    this.services.events.emit(
      type,
      { object: 'claim', id: claim.id, status: claim.status, organizationId: claim.insurerId, patientId: claim.patientId, ...(reason === undefined ? {} : { reason }) },
      atMs,
      claim.providerId === null ? [] : [claim.providerId],
    );
  }
}

function isCoverageParty(caller: Caller, coverage: CoverageRecord): boolean {
  return caller.kind === 'patient' ? coverage.patientId === caller.patientId : coverage.insurerId === caller.organizationId;
}

function isClaimParty(caller: Caller, claim: ClaimRecord): boolean {
  if (caller.kind === 'patient') return claim.patientId === caller.patientId;
  return claim.insurerId === caller.organizationId || claim.providerId === caller.organizationId;
}

/** The order line an estimate is made for: the whole amount, nothing paid by national insurance yet. */
function estimateLine(amountFen: number): OrderLineRecord {
  return { id: 'estimate', kind: 'consultation-fee', description: 'estimate', reference: null, quantity: 1, unitPriceFen: amountFen, amountFen, nationalInsurancePaidFen: 0, refundedFen: 0 };
}
