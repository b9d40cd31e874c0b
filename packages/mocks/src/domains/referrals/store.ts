/** Referrals, indexed by both parties (the referring and the receiving institution). */
import { MultiIndex } from '../../engine/multi-index.js';
import type { ReferralRecord } from './model.js';

export class ReferralStore {
  readonly referrals = new Map<string, ReferralRecord>();
  readonly byParty = new MultiIndex();

  add(referral: ReferralRecord): void {
    this.referrals.set(referral.id, referral);
    this.byParty.add(referral.fromOrganizationId, referral.id);
    this.byParty.add(referral.toOrganizationId, referral.id);
  }
}
