/** Plans, coverages and claims, indexed by patient, insurer, provider and claimed order line. */
import { MultiIndex } from '../../engine/multi-index.js';
import type { ClaimRecord, CoverageRecord, PlanRecord } from './model.js';

export class InsuranceStore {
  readonly plans = new Map<string, PlanRecord>();
  readonly coverages = new Map<string, CoverageRecord>();
  readonly claims = new Map<string, ClaimRecord>();
  readonly coveragesByPatient = new MultiIndex();
  readonly coveragesByInsurer = new MultiIndex();
  /** Claims by every party: patient, insurer and provider. */
  readonly claimsByParty = new MultiIndex();
  /** Claims by the order line ids they claim. */
  readonly claimsByOrderLine = new MultiIndex();

  addCoverage(coverage: CoverageRecord): void {
    this.coverages.set(coverage.id, coverage);
    this.coveragesByPatient.add(coverage.patientId, coverage.id);
    this.coveragesByInsurer.add(coverage.insurerId, coverage.id);
  }

  addClaim(claim: ClaimRecord): void {
    this.claims.set(claim.id, claim);
    this.claimsByParty.add(claim.patientId, claim.id);
    this.claimsByParty.add(claim.insurerId, claim.id);
    if (claim.providerId !== null) this.claimsByParty.add(claim.providerId, claim.id);
    for (const line of claim.lines) this.claimsByOrderLine.add(line.orderLineId, claim.id);
  }

  coveragesOf(patientId: string): CoverageRecord[] {
    return [...this.coveragesByPatient.get(patientId)].flatMap((id) => this.coverages.get(id) ?? []);
  }

  claimsOfParty(party: string): ClaimRecord[] {
    return [...this.claimsByParty.get(party)].flatMap((id) => this.claims.get(id) ?? []);
  }

  claimsOfOrderLine(orderLineId: string): ClaimRecord[] {
    return [...this.claimsByOrderLine.get(orderLineId)].flatMap((id) => this.claims.get(id) ?? []);
  }

  claimsOfCoverage(coverageId: string): ClaimRecord[] {
    const coverage = this.coverages.get(coverageId);
    return coverage ? this.claimsOfParty(coverage.patientId).filter((claim) => claim.coverageId === coverageId) : [];
  }
}
