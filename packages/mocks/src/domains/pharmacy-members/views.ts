/** Records → the spec's PharmacyMember shape, with keys in the spec's order. */
import { money } from '../../engine/money.js';
import { formatLocal } from '../../engine/clock.js';
import type { MembershipRecord } from './model.js';

export function membershipView(membership: MembershipRecord) {
  return {
    id: membership.id,
    pharmacyId: membership.pharmacyId,
    patientId: membership.patientId,
    tier: membership.tier,
    points: membership.points,
    lifetimePoints: membership.lifetimePoints,
    totalSpent: money(membership.totalSpentFen),
    enrolledAt: formatLocal(membership.enrolledAtMs),
    updatedAt: formatLocal(membership.updatedAtMs),
  };
}
