/** Pharmacy memberships as stored (PLATFORM.md §8). Views (views.ts) turn them into the spec's shape. */

export type MembershipTier = 'bronze' | 'silver' | 'gold';

export interface MembershipRecord {
  /** The member id. */
  id: string;
  pharmacyId: string;
  patientId: string;
  tier: MembershipTier;
  /** The balance; never negative (BR-MEM-1). */
  points: number;
  /** Every point ever earned; decides the tier. */
  lifetimePoints: number;
  totalSpentFen: number;
  enrolledAtMs: number;
  updatedAtMs: number;
}
