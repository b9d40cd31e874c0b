/**
 * Referral operations: tenancy, the rules of rules.ts, and their effects (state, events, the
 * referral-quota booking in scheduling). Every method is synchronous.
 *
 * Tenancy: both institutions see a referral. Each action belongs to one side — cancelling to the
 * referring institution, everything else to the receiving one — and the other side gets 404 for it.
 */
import type { Caller } from '../../engine/auth.js';
import type { EventType } from '../../engine/events.js';
import { notFound, validationFailed, type FieldError } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import type { CodedCondition } from '../encounters/model.js';
import { assertSharedAlliance } from '../consultations/alliance.js';
import type { ReferralDirection, ReferralRecord } from './model.js';
import { assertDirection, assertFeedbackDocument, assertTransition } from './rules.js';
import type { ReferralStore } from './store.js';

export interface CreateReferralInput {
  patientId: string;
  toOrganizationId: string;
  direction: ReferralDirection;
  fromEncounterId: string;
  toDepartmentId: string;
  reason: string;
  condition: CodedCondition;
  documentIds?: string[];
}

export interface ReferralQuery {
  status?: string | undefined;
  direction?: string | undefined;
  patientId?: string | undefined;
}

export class ReferralService {
  constructor(
    private readonly store: ReferralStore,
    private readonly services: PlatformServices,
  ) {}

  visible(caller: Caller, id: string): ReferralRecord {
    const referral = this.store.referrals.get(id);
    const organizationId = caller.kind === 'organization' ? caller.organizationId : undefined;
    if (!referral || (referral.fromOrganizationId !== organizationId && referral.toOrganizationId !== organizationId)) throw notFound('referral', id);
    return referral;
  }

  /** A referral the caller receives (for the receiver's actions). */
  private received(organizationId: string, id: string): ReferralRecord {
    const referral = this.store.referrals.get(id);
    if (!referral || referral.toOrganizationId !== organizationId) throw notFound('referral', id);
    return referral;
  }

  create(organizationId: string, input: CreateReferralInput, nowMs: number): ReferralRecord {
    const { directory, encounters, records } = this.services;
    const errors: FieldError[] = [];
    const to = directory.organizations.get(input.toOrganizationId);
    if (!to || to.id === organizationId) {
      errors.push({ pointer: '/body/toOrganizationId', code: 'not_found', message: `no other organization ${input.toOrganizationId}` });
    } else if (directory.departments.get(input.toDepartmentId)?.organizationId !== to.id) {
      errors.push({ pointer: '/body/toDepartmentId', code: 'not_found', message: `no department ${input.toDepartmentId} at ${to.id}` });
    }
    (input.documentIds ?? []).forEach((documentId, index) => {
      if (records.documents.get(documentId)?.patientId !== input.patientId) {
        errors.push({ pointer: `/body/documentIds/${index}`, code: 'not_found', message: `no document ${documentId} of this patient` });
      }
    });
    if (errors.length > 0 || !to) throw validationFailed(errors);
    const encounter = encounters.get(input.fromEncounterId);
    if (!encounter || encounter.organizationId !== organizationId || encounter.patientId !== input.patientId) {
      throw notFound('encounter', input.fromEncounterId);
    }
    assertSharedAlliance(directory, organizationId, to.id, 'referral');
    const from = directory.organizations.get(organizationId);
    if (from) assertDirection(from, to, input.direction);

    const referral: ReferralRecord = {
      id: this.services.ids.next('ref'),
      direction: input.direction,
      status: 'requested',
      patientId: input.patientId,
      fromOrganizationId: organizationId,
      toOrganizationId: to.id,
      fromEncounterId: input.fromEncounterId,
      toDepartmentId: input.toDepartmentId,
      reason: input.reason,
      condition: { icd10: input.condition.icd10, display: input.condition.display },
      documentIds: [...(input.documentIds ?? [])],
      appointmentId: null,
      feedbackDocumentId: null,
      rejection: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.store.add(referral);
    this.emit('referral.requested', referral, nowMs);
    return referral;
  }

  receive(organizationId: string, id: string, nowMs: number): ReferralRecord {
    const referral = this.received(organizationId, id);
    assertTransition(referral, 'receive');
    return this.move(referral, 'received', 'referral.received', nowMs);
  }

  /** With a slot, a number of its referral quota is booked for the patient at once (scheduling decides BR-SCH-3/4 and SLOT_UNAVAILABLE). */
  accept(organizationId: string, id: string, slotId: string | undefined, nowMs: number): ReferralRecord {
    const referral = this.received(organizationId, id);
    assertTransition(referral, 'accept');
    if (slotId !== undefined) {
      const appointment = this.services.scheduling.service.reserveReferralNumber(organizationId, referral.patientId, slotId, referral.id, nowMs);
      referral.appointmentId = appointment.id;
    }
    return this.move(referral, 'accepted', 'referral.accepted', nowMs);
  }

  reject(organizationId: string, id: string, reason: string, nowMs: number): ReferralRecord {
    const referral = this.received(organizationId, id);
    assertTransition(referral, 'reject');
    referral.rejection = { reason };
    return this.move(referral, 'rejected', 'referral.rejected', nowMs);
  }

  start(organizationId: string, id: string, nowMs: number): ReferralRecord {
    const referral = this.received(organizationId, id);
    assertTransition(referral, 'start');
    return this.move(referral, 'in-progress', 'referral.started', nowMs);
  }

  /** BR-REF-1: the receiver closes the loop with its feedback document. */
  complete(organizationId: string, id: string, feedbackDocumentId: string | undefined, nowMs: number): ReferralRecord {
    const referral = this.received(organizationId, id);
    assertTransition(referral, 'complete');
    const document = feedbackDocumentId === undefined ? undefined : this.services.records.documents.get(feedbackDocumentId);
    assertFeedbackDocument(referral, document, feedbackDocumentId);
    referral.feedbackDocumentId = feedbackDocumentId ?? null;
    return this.move(referral, 'completed', 'referral.completed', nowMs);
  }

  /** The referring institution withdraws it before the patient arrives; a reserved referral number goes back to its quota. */
  cancel(organizationId: string, id: string, nowMs: number): ReferralRecord {
    const referral = this.store.referrals.get(id);
    if (!referral || referral.fromOrganizationId !== organizationId) throw notFound('referral', id);
    assertTransition(referral, 'cancel');
    if (referral.appointmentId !== null) {
      const receiver: Caller = { kind: 'organization', subject: 'referrals', organizationId: referral.toOrganizationId, scopes: [] };
      this.services.scheduling.service.cancel(receiver, referral.appointmentId, 'Referral cancelled by the referring institution', nowMs);
    }
    return this.move(referral, 'cancelled', 'referral.cancelled', nowMs);
  }

  /** The referrals the caller sent or receives. */
  list(organizationId: string, query: ReferralQuery): ReferralRecord[] {
    return [...this.store.byParty.get(organizationId)].flatMap((id) => {
      const referral = this.store.referrals.get(id);
      if (
        !referral ||
        (query.status !== undefined && referral.status !== query.status) ||
        (query.direction !== undefined && referral.direction !== query.direction) ||
        (query.patientId !== undefined && referral.patientId !== query.patientId)
      ) {
        return [];
      }
      return [referral];
    });
  }

  private move(referral: ReferralRecord, status: ReferralRecord['status'], event: EventType, nowMs: number): ReferralRecord {
    referral.status = status;
    referral.updatedAtMs = nowMs;
    this.emit(event, referral, nowMs);
    return referral;
  }

  /** The referring institution owns the referral; the receiving one sees every event too. */
  private emit(type: EventType, referral: ReferralRecord, atMs: number): void {
    this.services.events.emit(
      type,
      { object: 'referral', id: referral.id, status: referral.status, organizationId: referral.fromOrganizationId, patientId: referral.patientId },
      atMs,
      [referral.toOrganizationId],
    );
  }
}
