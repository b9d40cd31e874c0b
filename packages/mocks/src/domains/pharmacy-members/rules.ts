/**
 * The membership rules (PLATFORM.md §8): points from purchases, redemption, tiers. Each rule is
 * decided here and only here; the service applies the effects.
 */
import { DomainError } from '../../engine/problem.js';
import type { MembershipRecord, MembershipTier } from './model.js';

const FEN_PER_POINT = 100;

/** Lifetime points from which each tier starts, highest first. */
const TIER_THRESHOLDS: readonly (readonly [MembershipTier, number])[] = [
  ['gold', 5000],
  ['silver', 1000],
  ['bronze', 0],
];

/** 1 point per whole yuan paid, in integer fen: the remainder below a yuan earns nothing. */
export function pointsFor(amountFen: number): number {
  return (amountFen - (amountFen % FEN_PER_POINT)) / FEN_PER_POINT;
}

/** The tier of a lifetime points total; redeeming never lowers it. */
export function tierFor(lifetimePoints: number): MembershipTier {
  return TIER_THRESHOLDS.find(([, from]) => lifetimePoints >= from)?.[0] ?? 'bronze';
}

/** One membership per patient and pharmacy. */
export function assertNotMember(existing: MembershipRecord | undefined, pharmacyId: string, patientId: string): void {
  if (existing) throw new DomainError(409, 'ALREADY_ENROLLED', `${patientId} is already a member of ${pharmacyId} (${existing.id}).`);
}

/** BR-MEM-1: points never go negative — a redemption larger than the balance is refused. */
export function assertCanRedeem(membership: MembershipRecord, points: number): void {
  if (points > membership.points) {
    throw new DomainError(409, 'INSUFFICIENT_POINTS', `${membership.id} has ${membership.points} points; ${points} cannot be redeemed (BR-MEM-1).`);
  }
}
