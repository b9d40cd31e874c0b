/**
 * Membership operations: tenancy, the rules of rules.ts, and their effects (state, events). Every
 * method is synchronous. A membership is seen by its pharmacy and its patient; only the pharmacy
 * changes it, and another pharmacy gets 404.
 */
import type { Caller } from '../../engine/auth.js';
import type { EventType } from '../../engine/events.js';
import { notFound } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import type { MembershipRecord } from './model.js';
import { assertCanRedeem, assertNotMember, pointsFor, tierFor } from './rules.js';
import type { MembershipStore } from './store.js';

export class MembershipService {
  constructor(
    private readonly store: MembershipStore,
    private readonly services: PlatformServices,
  ) {}

  visible(caller: Caller, id: string): MembershipRecord {
    const membership = this.store.memberships.get(id);
    const party = caller.kind === 'patient' ? membership?.patientId === caller.patientId : membership?.pharmacyId === caller.organizationId;
    if (!membership || !party) throw notFound('membership', id);
    return membership;
  }

  list(caller: Caller, tier: string | undefined): MembershipRecord[] {
    const party = caller.kind === 'patient' ? caller.patientId : caller.organizationId;
    return [...this.store.byParty.get(party)].flatMap((id) => {
      const membership = this.store.memberships.get(id);
      return membership && (tier === undefined || membership.tier === tier) ? [membership] : [];
    });
  }

  enrol(pharmacyId: string, patientId: string, nowMs: number): MembershipRecord {
    if (!this.services.patients.get(patientId)) throw notFound('patient', patientId);
    assertNotMember(this.store.find(pharmacyId, patientId), pharmacyId, patientId);
    const membership: MembershipRecord = {
      id: this.services.ids.next('mbr'),
      pharmacyId,
      patientId,
      tier: 'bronze',
      points: 0,
      lifetimePoints: 0,
      totalSpentFen: 0,
      enrolledAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.store.add(membership);
    this.emit('membership.enrolled', membership, nowMs);
    return membership;
  }

  recordPurchase(pharmacyId: string, id: string, amountFen: number, nowMs: number): MembershipRecord {
    const membership = this.own(pharmacyId, id);
    const earned = pointsFor(amountFen);
    membership.totalSpentFen += amountFen;
    membership.points += earned;
    membership.lifetimePoints += earned;
    membership.updatedAtMs = nowMs;
    this.emit('membership.points_earned', membership, nowMs);
    const tier = tierFor(membership.lifetimePoints);
    if (tier !== membership.tier) {
      membership.tier = tier;
      this.emit('membership.tier_changed', membership, nowMs);
    }
    return membership;
  }

  /** BR-MEM-1 decides whether the balance covers it. */
  redeem(pharmacyId: string, id: string, points: number, nowMs: number): MembershipRecord {
    const membership = this.own(pharmacyId, id);
    assertCanRedeem(membership, points);
    membership.points -= points;
    membership.updatedAtMs = nowMs;
    this.emit('membership.points_redeemed', membership, nowMs);
    return membership;
  }

  private own(pharmacyId: string, id: string): MembershipRecord {
    const membership = this.store.memberships.get(id);
    if (!membership || membership.pharmacyId !== pharmacyId) throw notFound('membership', id);
    return membership;
  }

  /** The pharmacy owns the membership; the patient sees its events. The status is the tier. */
  private emit(type: EventType, membership: MembershipRecord, atMs: number): void {
    this.services.events.emit(
      type,
      { object: 'membership', id: membership.id, status: membership.tier, organizationId: membership.pharmacyId, patientId: membership.patientId },
      atMs,
    );
  }
}
