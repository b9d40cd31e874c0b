/**
 * The append-only event feed. Every state change appends one event; each event is indexed under
 * every tenant that may see it (and per type), so a read touches only the caller's own events.
 */
import { formatLocal } from './clock.js';

/** Every event type, one a line (domains add theirs at the end); the spec's EventType enum lists the same. */
export const EVENT_TYPES = [
  'schedule.published',
  'schedule.suspended',
  'schedule.resumed',
  'slot.released',
  'appointment.waitlisted',
  'appointment.held',
  'appointment.booked',
  'appointment.cancelled',
  'appointment.checked_in',
  'appointment.fulfilled',
  'appointment.no_show',
  'encounter.created',
  'encounter.started',
  'encounter.completed',
  'encounter.discontinued',
  'encounter.message_created',
  'document.created',
  'observation.created',
  'consent.granted',
  'consent.revoked',
  'prescription.created',
  'prescription.revised',
  'prescription.signed',
  'prescription.approved',
  'prescription.rejected',
  'prescription.extended',
  'prescription.cancelled',
  'prescription.expired',
  'prescription.routed',
  'prescription.accepted',
  'prescription.routing_rejected',
  'prescription.dispensed',
  'prescription.handed_over',
  'prescription.shipped',
  'prescription.delivery_updated',
  'prescription.completed',
  'inventory_item.updated',
  'consultation.created',
  'consultation.completed',
  'consultation.cancelled',
  'consultation_task.requested',
  'consultation_task.accepted',
  'consultation_task.rejected',
  'consultation_task.started',
  'consultation_task.completed',
  'consultation_task.cancelled',
  'referral.requested',
  'referral.received',
  'referral.accepted',
  'referral.rejected',
  'referral.started',
  'referral.completed',
  'referral.cancelled',
  'coverage.created',
  'coverage.activated',
  'coverage.cancelled',
  'coverage.expired',
  'claim.submitted',
  'claim.queued',
  'claim.adjudicated',
  'claim.errored',
  'claim.paid',
  'order.created',
  'order.paid',
  'order.cancelled',
  'order.expired',
  'order.refunded',
  'payment.pending',
  'payment.succeeded',
  'payment.failed',
  'payment.closed',
  'refund.succeeded',
  'national_insurance_settlement.registered',
  'national_insurance_settlement.fees_uploaded',
  'national_insurance_settlement.pre_settled',
  'national_insurance_settlement.settled',
  'national_insurance_settlement.reversed',
  'procurement_campaign.opened',
  'procurement_campaign.closed',
  'procurement_campaign.ordered',
  'procurement_commitment.created',
  'purchase_order.created',
  'purchase_order.submitted',
  'purchase_order.confirmed',
  'purchase_order.shipped',
  'purchase_order.received',
  'membership.enrolled',
  'membership.points_earned',
  'membership.points_redeemed',
  'membership.tier_changed',
  'care_programme_enrolment.created',
  'care_programme_enrolment.withdrawn',
  'measurement.recorded',
  'follow_up_task.created',
  'follow_up_task.completed',
  'follow_up_task.reminder_due',
  'ai_suggestion.created',
  'ai_suggestion.disposition_recorded',
  'training_enrolment.created',
  'training_enrolment.attendance_recorded',
  'training_enrolment.completed',
  'connector.registered',
  'connector.status_changed',
  'connector.revoked',
  'record_import.completed',
  'record_import.failed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The kinds of resource an event is about, one a line (domains add theirs at the end). */
export const EVENT_OBJECTS = [
  'schedule',
  'slot',
  'appointment',
  'encounter',
  'message',
  'document',
  'observation',
  'consent',
  'prescription',
  'inventory_item',
  'consultation',
  'consultation_task',
  'referral',
  'coverage',
  'claim',
  'order',
  'payment',
  'refund',
  'national_insurance_settlement',
  'procurement_campaign',
  'procurement_commitment',
  'purchase_order',
  'membership',
  'care_programme_enrolment',
  'measurement',
  'follow_up_task',
  'ai_suggestion',
  'training_enrolment',
  'connector',
  'record_import',
] as const;

export type EventObject = (typeof EVENT_OBJECTS)[number];

/** Ids and statuses only, never health data. */
export interface EventData {
  object: EventObject;
  id: string;
  status: string;
  /** The organization the resource belongs to; absent for a patient's own resources (consents). */
  organizationId?: string;
  patientId?: string;
  reason?: string;
}

export interface FeedEvent {
  id: string;
  type: EventType;
  createdAt: string;
  data: EventData;
}

export function organizationAudience(organizationId: string): string {
  return `org:${organizationId}`;
}

export function patientAudience(patientId: string): string {
  return `pat:${patientId}`;
}

export function eventId(sequence: number): string {
  return `evt_${String(sequence).padStart(8, '0')}`;
}

/** The sequence number of an event id, or undefined when it is not one. */
export function eventSequence(id: string): number | undefined {
  const match = /^evt_(\d{8,})$/.exec(id);
  return match?.[1] ? Number(match[1]) : undefined;
}

export class EventFeed {
  /** events[i] has sequence i + 1. */
  private readonly events: FeedEvent[] = [];
  /** audience (and audience|type) → ascending sequence numbers. */
  private readonly index = new Map<string, number[]>();

  /**
   * Appends an event visible to `data.organizationId`, to the patient when `data.patientId` is
   * set, and to the other organizations party to the resource (`alsoVisibleTo`: the pharmacy a
   * prescription is routed to, the other side of a referral or consultation).
   */
  emit(type: EventType, data: EventData, atMs: number, alsoVisibleTo: readonly string[] = []): FeedEvent {
    const sequence = this.events.length + 1;
    const event: FeedEvent = { id: eventId(sequence), type, createdAt: formatLocal(atMs), data };
    this.events.push(event);
    const organizations = data.organizationId === undefined ? alsoVisibleTo : [data.organizationId, ...alsoVisibleTo];
    const audiences = [...new Set(organizations)].map(organizationAudience);
    if (data.patientId !== undefined) audiences.push(patientAudience(data.patientId));
    for (const audience of audiences) {
      this.append(audience, sequence);
      this.append(`${audience}|${type}`, sequence);
    }
    return event;
  }

  private append(key: string, sequence: number): void {
    const list = this.index.get(key);
    if (list) list.push(sequence);
    else this.index.set(key, [sequence]);
  }

  /** Up to `limit` events of the audience after sequence `after` (exclusive), oldest first. */
  read(audience: string, options: { after: number; type: EventType | undefined; limit: number }): FeedEvent[] {
    const list = this.index.get(options.type === undefined ? audience : `${audience}|${options.type}`) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] ?? 0) <= options.after) lo = mid + 1;
      else hi = mid;
    }
    return list.slice(lo, lo + options.limit).flatMap((sequence) => this.events[sequence - 1] ?? []);
  }

  /** Every event, for digests and tests. */
  all(): readonly FeedEvent[] {
    return this.events;
  }
}
