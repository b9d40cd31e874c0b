/**
 * Prescription operations: tenancy, the rules of rules.ts, and their effects (state, events,
 * audit, expiry timers). Every method is synchronous, so each check and the change it guards
 * happen atomically.
 */
import type { Caller } from '../../engine/auth.js';
import type { EventType } from '../../engine/events.js';
import { invalidTransition, notFound, validationFailed } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import type { EncounterRecord } from '../encounters/model.js';
import type {
  DeliveryAddress,
  FulfilmentMethod,
  PrescriptionItem,
  PrescriptionRecord,
  ReviewIssueKind,
  ReviewRecord,
} from './model.js';
import {
  assertDeliverable,
  assertGuardianIfChild,
  assertKnownDrugs,
  assertMayPrescribe,
  assertNoControlledDrugOnline,
  assertPrescriberSigns,
  assertQuantityWithinLimit,
  assertReviewable,
  assertRoutable,
  endOfLocalDay,
  extendedExpiry,
} from './rules.js';
import { assertAiSuggestionSigned } from '../ai/rules.js';

export const PRESCRIPTION_EXPIRY_TIMER = 'prescription-expiry';

/**
 * Registers the expiry timer of a prescription with an end of validity (BR-RX-5). Seeds of the
 * prescriptions and pharmacy domains call it for every active or pending-review prescription.
 */
export function scheduleExpiry(services: Pick<PlatformServices, 'timers'>, prescription: PrescriptionRecord): void {
  if (prescription.expiresAtMs === null) return;
  services.timers.schedule({ atMs: prescription.expiresAtMs, kind: PRESCRIPTION_EXPIRY_TIMER, target: prescription.id });
}

export interface CreatePrescriptionInput {
  encounterId: string;
  practitionerId: string;
  items: PrescriptionItem[];
  emergency?: boolean;
  longTerm?: boolean;
  aiGenerated?: boolean;
  aiSuggestionId?: string;
}

export interface RevisePrescriptionInput {
  items: PrescriptionItem[];
  emergency?: boolean;
  longTerm?: boolean;
}

export interface ReviewPrescriptionInput {
  pharmacistId: string;
  outcome: 'approved' | 'rejected';
  issues?: { kind: ReviewIssueKind; itemIndex: number | null; message: string }[];
}

export interface RoutePrescriptionInput {
  pharmacyId: string;
  method: FulfilmentMethod;
  deliveryAddress?: DeliveryAddress;
}

export interface PrescriptionQuery {
  status?: string | undefined;
  patientId?: string | undefined;
  encounterId?: string | undefined;
  routingStatus?: string | undefined;
}

/** Prescriptions that may still be cancelled (before any dispense). */
const CANCELLABLE = new Set(['draft', 'pending-review', 'active']);

export class PrescriptionService {
  constructor(private readonly services: PlatformServices) {}

  private get store() {
    return this.services.prescriptions;
  }

  // ── Tenancy: another tenant's prescription is simply not there (404, never 403). ──

  /** A patient sees their own; an organization those it prescribed and those routed to it now. */
  visible(caller: Caller, id: string): PrescriptionRecord {
    const prescription = this.store.get(id);
    if (!prescription || !this.canSee(caller, prescription)) throw notFound('prescription', id);
    return prescription;
  }

  private canSee(caller: Caller, prescription: PrescriptionRecord): boolean {
    if (caller.kind === 'patient') return prescription.patientId === caller.patientId;
    return prescription.organizationId === caller.organizationId || prescription.pharmacyId === caller.organizationId;
  }

  /** The prescribing institution's own prescription: the doctor's and reviewer's actions. */
  private prescribed(caller: Caller, id: string): PrescriptionRecord {
    const prescription = this.store.get(id);
    if (!prescription || caller.kind !== 'organization' || prescription.organizationId !== caller.organizationId) {
      throw notFound('prescription', id);
    }
    return prescription;
  }

  /** Reading health data: an organization's read is audited (a patient's own is not). */
  recordRead(caller: Caller, prescription: PrescriptionRecord, nowMs: number): void {
    this.services.audit.recordRead(
      caller,
      { patientId: prescription.patientId, resourceType: 'prescription', resourceId: prescription.id, purpose: 'treatment' },
      nowMs,
    );
  }

  search(caller: Caller, query: PrescriptionQuery): PrescriptionRecord[] {
    const candidates =
      caller.kind === 'patient'
        ? this.store.byPatient.get(caller.patientId)
        : new Set([...this.store.byOrganization.get(caller.organizationId), ...this.store.byPharmacy.get(caller.organizationId)]);
    const out: PrescriptionRecord[] = [];
    for (const id of candidates) {
      const p = this.store.get(id);
      if (!p || !this.canSee(caller, p)) continue;
      if (query.status !== undefined && p.status !== query.status) continue;
      if (query.patientId !== undefined && p.patientId !== query.patientId) continue;
      if (query.encounterId !== undefined && p.encounterId !== query.encounterId) continue;
      if (query.routingStatus !== undefined && p.routing?.status !== query.routingStatus) continue;
      out.push(p);
    }
    return out;
  }

  // ── The doctor: create, revise, sign, extend, cancel. ──

  create(caller: Caller, input: CreatePrescriptionInput, nowMs: number): PrescriptionRecord {
    const encounter = this.ownEncounter(caller, input.encounterId);
    assertMayPrescribe(encounter, input.practitionerId, input.aiGenerated ?? false);
    if (input.aiSuggestionId !== undefined) {
      assertAiSuggestionSigned(this.services.aiSuggestions.get(input.aiSuggestionId), input.aiSuggestionId, encounter.patientId, input.practitionerId);
    }
    const flags = { emergency: input.emergency ?? false, longTerm: input.longTerm ?? false };
    this.assertItems(encounter, input.items, flags);
    assertGuardianIfChild(this.services.patients.get(encounter.patientId), nowMs);
    const prescription: PrescriptionRecord = {
      id: this.services.ids.next('rx'),
      version: 1,
      status: 'draft',
      patientId: encounter.patientId,
      organizationId: encounter.organizationId,
      encounterId: encounter.id,
      practitionerId: input.practitionerId,
      diagnosis: { ...encounter.condition },
      items: input.items.map((item) => ({ ...item })),
      ...flags,
      signature: null,
      reviews: [],
      issuedAtMs: null,
      expiresAtMs: null,
      pharmacyId: null,
      inStorePharmacyId: encounter.pharmacyId,
      routing: null,
      declinedRoutings: [],
      dispense: null,
      delivery: null,
      cancellation: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.store.add(prescription);
    this.emit('prescription.created', prescription, nowMs);
    return prescription;
  }

  /** After a rejected review (or before signing): a new version, unsigned. */
  revise(caller: Caller, id: string, input: RevisePrescriptionInput, nowMs: number): PrescriptionRecord {
    const prescription = this.prescribed(caller, id);
    if (prescription.status !== 'draft') throw invalidTransition('prescription', prescription.status, 'draft');
    const flags = { emergency: input.emergency ?? prescription.emergency, longTerm: input.longTerm ?? prescription.longTerm };
    this.assertItems(this.encounterOf(prescription), input.items, flags);
    prescription.items = input.items.map((item) => ({ ...item }));
    prescription.emergency = flags.emergency;
    prescription.longTerm = flags.longTerm;
    prescription.version += 1;
    prescription.signature = null;
    prescription.updatedAtMs = nowMs;
    this.emit('prescription.revised', prescription, nowMs);
    return prescription;
  }

  /** BR-RX-2: the prescriber's e-signature sends it to review; unreviewed, it lapses with the day (BR-RX-5). */
  sign(caller: Caller, id: string, practitionerId: string, nowMs: number): PrescriptionRecord {
    const prescription = this.prescribed(caller, id);
    if (prescription.status !== 'draft') throw invalidTransition('prescription', prescription.status, 'draft');
    assertPrescriberSigns(prescription, practitionerId);
    prescription.signature = { practitionerId, signedAtMs: nowMs };
    prescription.status = 'pending-review';
    prescription.expiresAtMs = endOfLocalDay(nowMs);
    prescription.updatedAtMs = nowMs;
    scheduleExpiry(this.services, prescription);
    this.emit('prescription.signed', prescription, nowMs);
    return prescription;
  }

  /** BR-RX-5: validity to 2 or 3 days from the issue day. */
  extend(caller: Caller, id: string, days: number, nowMs: number): PrescriptionRecord {
    const prescription = this.prescribed(caller, id);
    const expiresAtMs = extendedExpiry(prescription, days, nowMs);
    if (expiresAtMs === prescription.expiresAtMs) return prescription;
    prescription.expiresAtMs = expiresAtMs;
    prescription.updatedAtMs = nowMs;
    scheduleExpiry(this.services, prescription);
    this.emit('prescription.extended', prescription, nowMs);
    return prescription;
  }

  /** Before any dispense; an accepted routing's stock reservation is released. */
  cancel(caller: Caller, id: string, reason: string, nowMs: number): PrescriptionRecord {
    const prescription = this.prescribed(caller, id);
    if (!CANCELLABLE.has(prescription.status) || prescription.dispense !== null) {
      throw invalidTransition('prescription', prescription.dispense ? 'dispensed' : prescription.status, 'draft, pending-review or active (not dispensed)');
    }
    this.releaseReservation(prescription, nowMs);
    prescription.status = 'cancelled';
    prescription.cancellation = { reason, atMs: nowMs };
    prescription.updatedAtMs = nowMs;
    this.emit('prescription.cancelled', prescription, nowMs);
    return prescription;
  }

  // ── The pharmacist of the prescribing institution: review. ──

  review(caller: Caller, id: string, input: ReviewPrescriptionInput, nowMs: number): PrescriptionRecord {
    const prescription = this.prescribed(caller, id);
    assertReviewable(prescription, this.services.directory.practitioners.get(input.pharmacistId));
    const issues = input.issues ?? [];
    this.assertIssues(prescription, input.outcome, issues);
    const review: ReviewRecord = {
      outcome: input.outcome,
      pharmacistId: input.pharmacistId,
      version: prescription.version,
      issues: issues.map((issue) => ({ ...issue })),
      reviewedAtMs: nowMs,
    };
    prescription.reviews.push(review);
    prescription.updatedAtMs = nowMs;
    if (input.outcome === 'rejected') {
      // Back to the doctor for a new version; a draft does not lapse.
      prescription.status = 'draft';
      prescription.expiresAtMs = null;
      this.emit('prescription.rejected', prescription, nowMs);
      return prescription;
    }
    // BR-RX-5: issued now, valid to the end of the issue day.
    prescription.status = 'active';
    prescription.issuedAtMs = nowMs;
    prescription.expiresAtMs = endOfLocalDay(nowMs);
    scheduleExpiry(this.services, prescription);
    this.emit('prescription.approved', prescription, nowMs);
    // BR-RX-7: an in-store tele-consultation's prescription goes to the pharmacy the patient is at.
    if (prescription.inStorePharmacyId !== null) this.routeTo(prescription, prescription.inStorePharmacyId, 'pickup', null, nowMs);
    return prescription;
  }

  // ── The patient: route. ──

  /** BR-RX-7: the patient chooses the pharmacy and the method; BR-RX-9 for delivery. */
  route(caller: Caller, id: string, input: RoutePrescriptionInput, nowMs: number): PrescriptionRecord {
    const prescription = this.visible(caller, id);
    assertRoutable(prescription, nowMs);
    this.assertRouteRequest(input);
    if (input.method === 'delivery') assertDeliverable(prescription, this.services.drugs);
    return this.routeTo(prescription, input.pharmacyId, input.method, input.deliveryAddress ?? null, nowMs);
  }

  /** The `prescription-expiry` timer: an unfilled prescription past its validity expires (BR-RX-5). */
  expire(id: string, atMs: number): void {
    const prescription = this.store.get(id);
    // A later extension or a new signature has its own timer; this one is stale then.
    if (!prescription || prescription.expiresAtMs !== atMs || prescription.dispense !== null) return;
    if (prescription.status !== 'active' && prescription.status !== 'pending-review') return;
    this.releaseReservation(prescription, atMs);
    prescription.status = 'expired';
    prescription.updatedAtMs = atMs;
    this.emit('prescription.expired', prescription, atMs);
  }

  // ── Helpers ──

  private ownEncounter(caller: Caller, encounterId: string): EncounterRecord {
    const encounter = this.services.encounters.get(encounterId);
    if (!encounter || caller.kind !== 'organization' || encounter.organizationId !== caller.organizationId) {
      throw notFound('encounter', encounterId);
    }
    return encounter;
  }

  private encounterOf(prescription: PrescriptionRecord): EncounterRecord {
    const encounter = this.services.encounters.get(prescription.encounterId);
    if (!encounter) throw new Error(`prescription ${prescription.id} names a missing encounter`);
    return encounter;
  }

  private assertItems(encounter: EncounterRecord, items: readonly PrescriptionItem[], flags: { emergency: boolean; longTerm: boolean }): void {
    assertKnownDrugs(items, this.services.drugs);
    assertNoControlledDrugOnline(encounter, items, this.services.drugs);
    assertQuantityWithinLimit(items, flags, encounter.condition.icd10);
  }

  private assertIssues(prescription: PrescriptionRecord, outcome: ReviewPrescriptionInput['outcome'], issues: NonNullable<ReviewPrescriptionInput['issues']>): void {
    if (outcome === 'rejected' && issues.length === 0) {
      throw validationFailed([{ pointer: '/body/issues', code: 'required', message: 'a rejection names at least one issue' }]);
    }
    const errors = issues.flatMap((issue, index) =>
      issue.itemIndex !== null && issue.itemIndex >= prescription.items.length
        ? [{ pointer: `/body/issues/${index}/itemIndex`, code: 'maximum', message: `must be < ${prescription.items.length}` }]
        : [],
    );
    if (errors.length > 0) throw validationFailed(errors);
  }

  private assertRouteRequest(input: RoutePrescriptionInput): void {
    const pharmacy = this.services.directory.organizations.get(input.pharmacyId);
    if (!pharmacy || pharmacy.type !== 'pharmacy') {
      throw validationFailed([{ pointer: '/body/pharmacyId', code: 'not_found', message: `no pharmacy ${input.pharmacyId}` }]);
    }
    if (input.method === 'delivery' && input.deliveryAddress === undefined) {
      throw validationFailed([{ pointer: '/body/deliveryAddress', code: 'required', message: 'required for delivery' }]);
    }
    if (input.method === 'pickup' && input.deliveryAddress !== undefined) {
      throw validationFailed([{ pointer: '/body/deliveryAddress', code: 'unknown', message: 'only for delivery' }]);
    }
  }

  /** Replaces any requested or declined routing; the pharmacy routed to before no longer sees it. */
  private routeTo(
    prescription: PrescriptionRecord,
    pharmacyId: string,
    method: FulfilmentMethod,
    deliveryAddress: DeliveryAddress | null,
    nowMs: number,
  ): PrescriptionRecord {
    const previous = prescription.routing;
    if (previous?.status === 'rejected' && !prescription.declinedRoutings.includes(previous)) prescription.declinedRoutings.push(previous);
    prescription.routing = {
      pharmacyId,
      method,
      status: 'requested',
      deliveryAddress: deliveryAddress && { ...deliveryAddress },
      rejection: null,
      requestedAtMs: nowMs,
      acceptedAtMs: null,
      completedAtMs: null,
    };
    this.store.routedTo(prescription, pharmacyId);
    prescription.updatedAtMs = nowMs;
    this.emit('prescription.routed', prescription, nowMs);
    return prescription;
  }

  private releaseReservation(prescription: PrescriptionRecord, atMs: number): void {
    const routing = prescription.routing;
    if (routing?.status === 'accepted') this.services.inventory.release(routing.pharmacyId, prescription.items, atMs);
  }

  /** Ids and status only; the pharmacy it is routed to sees it too. */
  private emit(type: EventType, prescription: PrescriptionRecord, atMs: number): void {
    this.services.events.emit(
      type,
      { object: 'prescription', id: prescription.id, status: prescription.status, organizationId: prescription.organizationId, patientId: prescription.patientId },
      atMs,
      prescription.pharmacyId === null ? [] : [prescription.pharmacyId],
    );
  }
}
