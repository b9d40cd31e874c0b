/** Commercial insurance records as stored (PLATFORM.md §11). Money is integer fen throughout. */

export type BenefitCategory = 'consultation' | 'drug' | 'examination' | 'hospitalisation';
export type PlanKind = 'outpatient' | 'aco-membership';

export interface PlanBenefit {
  category: BenefitCategory;
  /** Paid by the patient first, per coverage year and category. */
  deductibleFen: number;
  /** Integer percent (0–100) of (eligible − deductible) left to the patient. */
  coPayPercent: number;
  /** The most the plan pays per coverage year in this category. */
  annualLimitFen: number;
  /** Days after the coverage starts before care in this category is covered (BR-INS-2). */
  waitingPeriodDays: number;
  /** ICD-10 categories (`E11`) not covered (BR-INS-3). */
  exclusions: string[];
}

export interface PlanRecord {
  id: string;
  kind: PlanKind;
  insurerId: string;
  name: string;
  description: string;
  annualPremiumFen: number;
  /** ACO membership: the most paid per serious illness beyond basic insurance; null for outpatient plans. */
  perIllnessLimitFen: number | null;
  healthManagement: boolean;
  benefits: PlanBenefit[];
}

export type CoverageStatus = 'pending-payment' | 'active' | 'expired' | 'cancelled';

export interface CoverageRecord {
  id: string;
  status: CoverageStatus;
  planId: string;
  insurerId: string;
  patientId: string;
  premiumFen: number;
  premiumOrderId: string;
  /** Local dates, set when the premium is paid. */
  startsOn: string | null;
  endsOn: string | null;
  cancellationReason: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export type ClaimStatus = 'submitted' | 'queued' | 'adjudicated' | 'error' | 'paid';
export type ClaimOutcome = 'complete' | 'partial';
export type ClaimPayee = 'provider' | 'patient';

export type EobCode =
  | 'national-insurance-paid'
  | 'already-claimed'
  | 'exceeds-unpaid'
  | 'waiting-period'
  | 'excluded'
  | 'not-covered'
  | 'deductible-applied'
  | 'co-pay-applied'
  | 'limit-reached';

export interface EobNote {
  code: EobCode;
  detail: string;
}

/** A line's explanation of benefits. benefit = eligible − deductible − coPay (then capped by the annual limit). */
export interface LineAdjudication {
  eligibleFen: number;
  deductibleFen: number;
  coPayFen: number;
  benefitFen: number;
  notes: EobNote[];
}

export interface ClaimLineRecord {
  /** `<claim id>-<n>`. */
  controlNumber: string;
  orderId: string;
  orderLineId: string;
  category: BenefitCategory;
  icd10: string;
  submittedFen: number;
  adjudication: LineAdjudication | null;
}

export interface ClaimPaymentRecord {
  payee: ClaimPayee;
  amountFen: number;
  paidAtMs: number;
}

export interface ClaimRecord {
  id: string;
  status: ClaimStatus;
  outcome: ClaimOutcome | null;
  coverageId: string;
  patientId: string;
  insurerId: string;
  /** The hospital or pharmacy that billed directly; null when the patient claims reimbursement. */
  providerId: string | null;
  lines: ClaimLineRecord[];
  errorReason: string | null;
  payment: ClaimPaymentRecord | null;
  submittedAtMs: number;
  adjudicatedAtMs: number | null;
  updatedAtMs: number;
}

/** Claims whose lines may not be claimed again (BR-INS-6): not yet decided. */
export const OPEN_CLAIM: ReadonlySet<ClaimStatus> = new Set(['submitted', 'queued']);
/** Claims whose benefits count against limits and against what is left to claim (BR-INS-1, BR-INS-4). */
export const DECIDED_CLAIM: ReadonlySet<ClaimStatus> = new Set(['adjudicated', 'paid']);
