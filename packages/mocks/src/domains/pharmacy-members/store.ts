/** Memberships, indexed by pharmacy, by patient, and by the pair (one membership each). */
import { MultiIndex } from '../../engine/multi-index.js';
import type { MembershipRecord } from './model.js';

export class MembershipStore {
  readonly memberships = new Map<string, MembershipRecord>();
  /** A membership under its pharmacy and its patient. */
  readonly byParty = new MultiIndex();
  private readonly byPharmacyPatient = new Map<string, string>();

  add(membership: MembershipRecord): void {
    this.memberships.set(membership.id, membership);
    this.byParty.add(membership.pharmacyId, membership.id);
    this.byParty.add(membership.patientId, membership.id);
    this.byPharmacyPatient.set(`${membership.pharmacyId}|${membership.patientId}`, membership.id);
  }

  find(pharmacyId: string, patientId: string): MembershipRecord | undefined {
    const id = this.byPharmacyPatient.get(`${pharmacyId}|${patientId}`);
    return id === undefined ? undefined : this.memberships.get(id);
  }
}
