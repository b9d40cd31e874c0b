/**
 * Seeded plans, coverages, orders to claim and one adjudicated claim, named after patient and state
 * so each documented example finds what it needs on a fresh platform.
 */
import type { PlatformServices } from '../../services.js';
import type { OrderLineRecord, OrderRecord } from '../payments/model.js';
import type { ClaimRecord, CoverageRecord, PlanRecord } from './model.js';
import type { InsuranceService } from './service.js';
import type { InsuranceStore } from './store.js';

const at = (iso: string) => Date.parse(iso);

export const SEED_PLANS: readonly PlanRecord[] = [
  {
    id: 'pln_anxin_outpatient',
    kind: 'outpatient',
    insurerId: 'org_anxin',
    name: 'Anxin Outpatient Care',
    description: 'Outpatient consultations, drugs and examinations beyond national insurance; diabetes (E11) is excluded.',
    annualPremiumFen: 120_000,
    perIllnessLimitFen: null,
    healthManagement: false,
    benefits: [
      { category: 'consultation', deductibleFen: 0, coPayPercent: 10, annualLimitFen: 500_000, waitingPeriodDays: 30, exclusions: ['E11'] },
      { category: 'drug', deductibleFen: 20_000, coPayPercent: 20, annualLimitFen: 1_000_000, waitingPeriodDays: 30, exclusions: ['E11'] },
      { category: 'examination', deductibleFen: 0, coPayPercent: 20, annualLimitFen: 300_000, waitingPeriodDays: 30, exclusions: ['E11'] },
    ],
  },
  {
    id: 'pln_anxin_aco',
    kind: 'aco-membership',
    insurerId: 'org_anxin',
    name: 'Anxin Health Membership',
    description: 'ACO-style membership: health management and care, with costs beyond basic insurance covered up to a limit per serious illness.',
    annualPremiumFen: 360_000,
    perIllnessLimitFen: 50_000_000,
    healthManagement: true,
    benefits: [
      { category: 'consultation', deductibleFen: 0, coPayPercent: 0, annualLimitFen: 1_000_000, waitingPeriodDays: 0, exclusions: [] },
      { category: 'drug', deductibleFen: 1_000, coPayPercent: 10, annualLimitFen: 2_000_000, waitingPeriodDays: 0, exclusions: [] },
      { category: 'examination', deductibleFen: 0, coPayPercent: 10, annualLimitFen: 1_000_000, waitingPeriodDays: 0, exclusions: [] },
      { category: 'hospitalisation', deductibleFen: 0, coPayPercent: 0, annualLimitFen: 50_000_000, waitingPeriodDays: 90, exclusions: [] },
    ],
  },
  {
    id: 'pln_renhe_outpatient',
    kind: 'outpatient',
    insurerId: 'org_renhe',
    name: 'Renhe Basic Outpatient',
    description: 'Low-premium outpatient top-up with small annual limits; routine check-ups (Z00) are excluded.',
    annualPremiumFen: 80_000,
    perIllnessLimitFen: null,
    healthManagement: false,
    benefits: [
      { category: 'consultation', deductibleFen: 0, coPayPercent: 10, annualLimitFen: 3_000, waitingPeriodDays: 0, exclusions: ['Z00'] },
      { category: 'drug', deductibleFen: 5_000, coPayPercent: 30, annualLimitFen: 300_000, waitingPeriodDays: 0, exclusions: ['Z00'] },
    ],
  },
];

interface LineSeed {
  kind: OrderLineRecord['kind'];
  description: string;
  amountFen: number;
  nationalInsurancePaidFen: number;
}

function order(id: string, patientId: string, organizationId: string, createdAt: string, lines: LineSeed[], kind: OrderRecord['kind'] = 'consultation'): OrderRecord {
  const createdAtMs = at(createdAt);
  const records = lines.map((line, index) => ({ id: `${id}_l${index + 1}`, reference: null, quantity: 1, unitPriceFen: line.amountFen, refundedFen: 0, ...line }));
  const totalFen = records.reduce((sum, line) => sum + line.amountFen, 0);
  const patientDueFen = totalFen - records.reduce((sum, line) => sum + line.nationalInsurancePaidFen, 0);
  return {
    id,
    kind,
    status: 'paid',
    patientId,
    organizationId,
    lines: records,
    totalFen,
    patientDueFen,
    paidFen: patientDueFen,
    refundedFen: 0,
    nationalInsuranceSettlementId: null,
    expiresAtMs: null,
    createdAtMs,
    updatedAtMs: createdAtMs,
  };
}

const SEED_ORDERS: readonly OrderRecord[] = [
  order('ord_zhaolei_visit_0525', 'pat_zhaolei', 'org_linan', '2026-05-25T09:30:00+08:00', [
    { kind: 'consultation-fee', description: 'Cardiology follow-up', amountFen: 5_000, nationalInsurancePaidFen: 0 },
    { kind: 'drug', description: 'Amlodipine 5 mg × 28', amountFen: 12_000, nationalInsurancePaidFen: 8_400 },
    { kind: 'drug', description: 'Valsartan 80 mg × 14', amountFen: 3_000, nationalInsurancePaidFen: 3_000 },
  ]),
  order('ord_zhaolei_visit_0520', 'pat_zhaolei', 'org_linan', '2026-05-20T09:00:00+08:00', [
    { kind: 'consultation-fee', description: 'Cardiology outpatient visit', amountFen: 5_000, nationalInsurancePaidFen: 0 },
    { kind: 'drug', description: 'Amlodipine 5 mg × 14', amountFen: 8_000, nationalInsurancePaidFen: 5_000 },
  ]),
  order('ord_chenjian_visit_0528', 'pat_chenjian', 'org_qtph', '2026-05-28T10:00:00+08:00', [
    { kind: 'consultation-fee', description: 'Orthopaedics outpatient visit', amountFen: 5_000, nationalInsurancePaidFen: 0 },
  ]),
  order('ord_lina_visit_0530', 'pat_lina', 'org_qtph', '2026-05-30T09:00:00+08:00', [
    { kind: 'consultation-fee', description: 'Endocrinology outpatient visit', amountFen: 5_000, nationalInsurancePaidFen: 0 },
  ]),
];

function coverage(id: string, planId: string, patientId: string, status: CoverageRecord['status'], startsOn: string | null, createdAt: string): { coverage: CoverageRecord; premium: OrderRecord } {
  const plan = SEED_PLANS.find((p) => p.id === planId);
  if (!plan) throw new Error(`No seeded plan ${planId}`);
  const premium = order(`ord_${id.replace(/^cov_/, '')}_premium`, patientId, plan.insurerId, createdAt, [
    { kind: 'premium', description: `${plan.name}: annual premium`, amountFen: plan.annualPremiumFen, nationalInsurancePaidFen: 0 },
  ], 'premium');
  premium.lines[0] = { ...(premium.lines[0] as OrderLineRecord), reference: id };
  if (status === 'pending-payment') {
    premium.status = 'pending-payment';
    premium.paidFen = 0;
  }
  const endsOn = startsOn === null ? null : `${Number(startsOn.slice(0, 4)) + 1}${startsOn.slice(4)}`;
  return {
    premium,
    coverage: {
      id,
      status,
      planId,
      insurerId: plan.insurerId,
      patientId,
      premiumFen: plan.annualPremiumFen,
      premiumOrderId: premium.id,
      startsOn,
      // The day before the anniversary.
      endsOn: endsOn === null ? null : new Date(Date.parse(`${endsOn}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
      cancellationReason: null,
      createdAtMs: at(createdAt),
      updatedAtMs: at(createdAt),
    },
  };
}

const SEED_COVERAGES = [
  coverage('cov_zhaolei_aco', 'pln_anxin_aco', 'pat_zhaolei', 'active', '2026-01-01', '2025-12-28T10:00:00+08:00'),
  coverage('cov_lina_anxin_outpatient', 'pln_anxin_outpatient', 'pat_lina', 'active', '2026-05-20', '2026-05-20T11:00:00+08:00'),
  coverage('cov_chenjian_renhe', 'pln_renhe_outpatient', 'pat_chenjian', 'active', '2026-01-01', '2025-12-30T15:00:00+08:00'),
  coverage('cov_lina_renhe_pending', 'pln_renhe_outpatient', 'pat_lina', 'pending-payment', null, '2026-05-31T20:00:00+08:00'),
];

export function seedInsurance(store: InsuranceStore, service: InsuranceService, services: PlatformServices): void {
  for (const plan of SEED_PLANS) store.plans.set(plan.id, plan);
  for (const seeded of SEED_ORDERS) services.orders.add(structuredClone(seeded));
  for (const { coverage: seeded, premium } of SEED_COVERAGES) {
    services.orders.add(structuredClone(premium));
    const record = structuredClone(seeded);
    store.addCoverage(record);
    service.scheduleExpiry(record);
  }

  // Direct billing by Lin'an for Zhao Lei's 20 May visit, adjudicated and waiting to be paid (payClaim).
  const claim: ClaimRecord = {
    id: 'clm_zhaolei_0520_adjudicated',
    status: 'adjudicated',
    outcome: 'complete',
    coverageId: 'cov_zhaolei_aco',
    patientId: 'pat_zhaolei',
    insurerId: 'org_anxin',
    providerId: 'org_linan',
    lines: [
      { controlNumber: 'clm_zhaolei_0520_adjudicated-1', orderId: 'ord_zhaolei_visit_0520', orderLineId: 'ord_zhaolei_visit_0520_l1', category: 'consultation', icd10: 'I10', submittedFen: 5_000, adjudication: null },
      { controlNumber: 'clm_zhaolei_0520_adjudicated-2', orderId: 'ord_zhaolei_visit_0520', orderLineId: 'ord_zhaolei_visit_0520_l2', category: 'drug', icd10: 'I10', submittedFen: 3_000, adjudication: null },
    ],
    errorReason: null,
    payment: null,
    submittedAtMs: at('2026-05-20T10:00:00+08:00'),
    adjudicatedAtMs: at('2026-05-20T10:05:00+08:00'),
    updatedAtMs: at('2026-05-20T10:05:00+08:00'),
  };
  const zhaoleiAco = store.coverages.get(claim.coverageId);
  if (!zhaoleiAco) throw new Error('cov_zhaolei_aco is not seeded');
  service.decideLines(claim, zhaoleiAco);
  store.addClaim(claim);
}
