/**
 * Encounter operations: tenancy, the rules of rules.ts, and their effects (state, events, audit).
 * Every method is synchronous, and checks every rule before it changes anything.
 */
import type { Caller } from '../../engine/auth.js';
import { notFound, validationFailed, type FieldError } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import type { EventType } from '../../engine/events.js';
import {
  ONLINE_TYPES,
  type AttachmentMetadata,
  type CodedCondition,
  type DiscontinuationReason,
  type EncounterMode,
  type EncounterRecord,
  type EncounterStatus,
  type EncounterType,
  type MessageKind,
  type MessageRecord,
} from './model.js';
import { assertActive, assertEncounterPractitioner, assertPractitionerQualified, assertTransition, requireEvidence } from './rules.js';

export interface CreateEncounterInput {
  type: EncounterType;
  mode: EncounterMode;
  patientId?: string;
  organizationId?: string;
  departmentId?: string;
  practitionerId: string;
  condition: CodedCondition;
  evidenceDocumentId?: string;
  pharmacyId?: string;
  appointmentId?: string;
}

export interface CreateMessageInput {
  kind: MessageKind;
  text?: string;
  attachment?: AttachmentMetadata;
  practitionerId?: string;
}

export interface EncounterQuery {
  patientId?: string | undefined;
  status?: string | undefined;
  type?: string | undefined;
}

/** Institutions that run visits. */
const CARE_INSTITUTIONS: ReadonlySet<string> = new Set(['hospital', 'internet-hospital', 'primary-care']);

/** Created by the consultations domain, never through createEncounter. */
const CONSULTATION_TYPES: ReadonlySet<EncounterType> = new Set(['remote-consultation', 'remote-diagnosis']);

const field = (pointer: string, code: string, message: string): FieldError => ({ pointer: `/body/${pointer}`, code, message });

export class EncounterService {
  constructor(private readonly services: PlatformServices) {}

  private get store() {
    return this.services.encounters;
  }

  // ── Tenancy: another tenant's encounter is simply not there (404, never 403). ──

  /** A patient sees their own encounters; an organization those it runs or (a pharmacy) those held at it. */
  isVisible(caller: Caller, encounter: EncounterRecord): boolean {
    if (caller.kind === 'patient') return encounter.patientId === caller.patientId;
    return encounter.organizationId === caller.organizationId || encounter.pharmacyId === caller.organizationId;
  }

  visible(caller: Caller, id: string): EncounterRecord {
    const encounter = this.store.get(id);
    if (!encounter || !this.isVisible(caller, encounter)) throw notFound('encounter', id);
    return encounter;
  }

  /** The institution's own encounter: only the organization that runs a visit moves it. */
  private ownEncounter(caller: Caller, id: string): EncounterRecord {
    const encounter = this.store.get(id);
    if (!encounter || caller.kind !== 'organization' || encounter.organizationId !== caller.organizationId) throw notFound('encounter', id);
    return encounter;
  }

  /** Reads one encounter; an organization's read is audited. */
  read(caller: Caller, id: string, nowMs: number): EncounterRecord {
    const encounter = this.visible(caller, id);
    this.services.audit.recordRead(
      caller,
      { patientId: encounter.patientId, resourceType: 'encounter', resourceId: encounter.id, purpose: 'treatment', practitionerId: null },
      nowMs,
    );
    return encounter;
  }

  search(caller: Caller, query: EncounterQuery): EncounterRecord[] {
    const ids =
      caller.kind === 'patient'
        ? this.store.byPatient.get(caller.patientId)
        : new Set([...this.store.byOrganization.get(caller.organizationId), ...this.store.byPharmacy.get(caller.organizationId)]);
    const out: EncounterRecord[] = [];
    for (const id of ids) {
      const encounter = this.store.get(id);
      if (
        encounter &&
        (query.patientId === undefined || encounter.patientId === query.patientId) &&
        (query.status === undefined || encounter.status === query.status) &&
        (query.type === undefined || encounter.type === query.type)
      ) {
        out.push(encounter);
      }
    }
    return out;
  }

  // ── Creating a visit. ──

  create(caller: Caller, input: CreateEncounterInput, nowMs: number): EncounterRecord {
    const { patientId, organizationId } = this.parties(caller, input);
    this.checkReferences(input, patientId, organizationId);
    assertPractitionerQualified(this.services.directory, input.practitionerId, organizationId, input.type);
    const evidence = ONLINE_TYPES.has(input.type)
      ? requireEvidence(this.services.directory, this.services.records, patientId, input.condition.icd10, input.evidenceDocumentId)
      : undefined;

    const encounter: EncounterRecord = {
      id: this.services.ids.next('enc'),
      type: input.type,
      mode: input.mode,
      status: 'planned',
      patientId,
      organizationId,
      departmentId: input.departmentId ?? null,
      practitionerId: input.practitionerId,
      pharmacyId: input.pharmacyId ?? null,
      condition: { icd10: input.condition.icd10, display: input.condition.display },
      evidenceDocumentId: evidence?.id ?? input.evidenceDocumentId ?? null,
      appointmentId: input.appointmentId ?? null,
      consultationTaskId: null,
      discontinuation: null,
      startedAtMs: null,
      endedAtMs: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.store.add(encounter);
    this.emit('encounter.created', encounter, nowMs);
    return encounter;
  }

  /** Who the visit is between: a patient books for themselves at a named institution; an organization runs it for a named patient. */
  private parties(caller: Caller, input: CreateEncounterInput): { patientId: string; organizationId: string } {
    const errors: FieldError[] = [];
    if (CONSULTATION_TYPES.has(input.type)) {
      errors.push(field('type', 'enum', 'remote consultation and diagnosis encounters are created through consultations'));
    } else if (caller.kind === 'patient' && input.type !== 'online-follow-up') {
      errors.push(field('type', 'enum', 'patients create online follow-ups only; book outpatient visits as appointments'));
    }
    if ((input.mode === 'in-person') === ONLINE_TYPES.has(input.type)) {
      errors.push(field('mode', 'enum', ONLINE_TYPES.has(input.type) ? 'an online visit is text, voice or video' : 'an outpatient visit is in-person'));
    }
    let patientId: string | undefined;
    let organizationId: string | undefined;
    if (caller.kind === 'patient') {
      if (input.patientId !== undefined && input.patientId !== caller.patientId) errors.push(field('patientId', 'const', 'must be your own patient id'));
      if (input.organizationId === undefined) errors.push(field('organizationId', 'required', 'name the institution of the visit'));
      patientId = caller.patientId;
      organizationId = input.organizationId;
    } else {
      if (input.patientId === undefined) errors.push(field('patientId', 'required', 'name the patient'));
      if (input.organizationId !== undefined && input.organizationId !== caller.organizationId) {
        errors.push(field('organizationId', 'const', 'an organization creates encounters at itself only'));
      }
      patientId = input.patientId;
      organizationId = caller.organizationId;
    }
    if (errors.length > 0 || patientId === undefined || organizationId === undefined) throw validationFailed(errors);
    if (!this.services.patients.get(patientId)) throw notFound('patient', patientId);
    return { patientId, organizationId };
  }

  /** The institution, department, pharmacy and appointment the request names must exist and fit together. */
  private checkReferences(input: CreateEncounterInput, patientId: string, organizationId: string): void {
    const { directory } = this.services;
    const errors: FieldError[] = [];
    const institutionType = directory.organizations.get(organizationId)?.type;
    if (institutionType === undefined || !CARE_INSTITUTIONS.has(institutionType)) {
      errors.push(field('organizationId', 'not_found', `no hospital ${organizationId} runs visits`));
    }
    if (input.departmentId !== undefined && directory.departments.get(input.departmentId)?.organizationId !== organizationId) {
      errors.push(field('departmentId', 'not_found', `no department ${input.departmentId} at ${organizationId}`));
    }
    if (input.pharmacyId !== undefined) {
      if (directory.organizations.get(input.pharmacyId)?.type !== 'pharmacy') {
        errors.push(field('pharmacyId', 'not_found', `no pharmacy ${input.pharmacyId}`));
      } else if (!ONLINE_TYPES.has(input.type)) {
        errors.push(field('pharmacyId', 'not_allowed', 'an in-store tele-consultation is an online visit'));
      }
    }
    if (input.appointmentId !== undefined) {
      const appointment = this.services.scheduling.store.appointments.get(input.appointmentId);
      if (!appointment || appointment.patientId !== patientId || appointment.organizationId !== organizationId) {
        errors.push(field('appointmentId', 'not_found', `no appointment ${input.appointmentId} of this patient at ${organizationId}`));
      }
    }
    if (errors.length > 0) throw validationFailed(errors);
  }

  // ── Visit progress (the institution that runs it). ──

  start(caller: Caller, id: string, nowMs: number): EncounterRecord {
    const encounter = this.ownEncounter(caller, id);
    assertTransition(encounter, 'start');
    assertPractitionerQualified(this.services.directory, encounter.practitionerId, encounter.organizationId, encounter.type);
    encounter.startedAtMs = nowMs;
    return this.move(encounter, 'in-progress', 'encounter.started', nowMs);
  }

  complete(caller: Caller, id: string, nowMs: number): EncounterRecord {
    const encounter = this.ownEncounter(caller, id);
    assertTransition(encounter, 'complete');
    encounter.endedAtMs = nowMs;
    return this.move(encounter, 'completed', 'encounter.completed', nowMs);
  }

  /** BR-ENC-2: the reason is recorded and the patient told, by the event, to visit in person. */
  discontinue(caller: Caller, id: string, reason: DiscontinuationReason, note: string, nowMs: number): EncounterRecord {
    const encounter = this.ownEncounter(caller, id);
    assertTransition(encounter, 'discontinue');
    encounter.discontinuation = { reason, note, atMs: nowMs };
    encounter.endedAtMs = nowMs;
    return this.move(encounter, 'discontinued', 'encounter.discontinued', nowMs, reason);
  }

  private move(encounter: EncounterRecord, to: EncounterStatus, event: EventType, nowMs: number, reason?: string): EncounterRecord {
    encounter.status = to;
    encounter.updatedAtMs = nowMs;
    this.emit(event, encounter, nowMs, reason);
    return encounter;
  }

  // ── Messages. ──

  /** The encounter's messages in the order they were sent; an organization's read of each returned message is audited (routes call `auditMessages`). */
  messages(caller: Caller, id: string): { encounter: EncounterRecord; messages: MessageRecord[] } {
    const encounter = this.visible(caller, id);
    const messages = [...this.store.messagesByEncounter.get(encounter.id)].flatMap((messageId) => this.store.messages.get(messageId) ?? []);
    return { encounter, messages };
  }

  auditMessages(caller: Caller, encounter: EncounterRecord, messages: readonly { id: string }[], nowMs: number): void {
    for (const message of messages) {
      this.services.audit.recordRead(
        caller,
        { patientId: encounter.patientId, resourceType: 'message', resourceId: message.id, purpose: 'treatment', practitionerId: null },
        nowMs,
      );
    }
  }

  postMessage(caller: Caller, id: string, input: CreateMessageInput, nowMs: number): MessageRecord {
    const encounter = this.visible(caller, id);
    checkMessageBody(caller, encounter, input);
    if (caller.kind === 'organization') {
      assertEncounterPractitioner(encounter, input.practitionerId ?? '');
      assertPractitionerQualified(this.services.directory, encounter.practitionerId, encounter.organizationId, encounter.type);
    }
    assertActive(encounter);
    const message: MessageRecord = {
      id: this.services.ids.next('msg'),
      encounterId: encounter.id,
      sender:
        caller.kind === 'patient'
          ? { kind: 'patient', patientId: caller.patientId }
          : { kind: 'practitioner', practitionerId: encounter.practitionerId },
      kind: input.kind,
      text: input.text ?? null,
      attachment: input.attachment ?? null,
      createdAtMs: nowMs,
    };
    this.store.addMessage(message);
    this.services.events.emit(
      'encounter.message_created',
      { object: 'message', id: message.id, status: 'created', organizationId: encounter.organizationId, patientId: encounter.patientId },
      nowMs,
      encounter.pharmacyId === null ? [] : [encounter.pharmacyId],
    );
    return message;
  }

  private emit(type: EventType, encounter: EncounterRecord, atMs: number, reason?: string): void {
    this.services.events.emit(
      type,
      {
        object: 'encounter',
        id: encounter.id,
        status: encounter.status,
        organizationId: encounter.organizationId,
        patientId: encounter.patientId,
        ...(reason === undefined ? {} : { reason }),
      },
      atMs,
      encounter.pharmacyId === null ? [] : [encounter.pharmacyId],
    );
  }
}

/** What each kind of message carries, and who may name which practitioner. */
function checkMessageBody(caller: Caller, encounter: EncounterRecord, input: CreateMessageInput): void {
  const errors: FieldError[] = [];
  if (input.kind === 'text') {
    if (input.text === undefined) errors.push(field('text', 'required', 'a text message needs text'));
    if (input.attachment !== undefined) errors.push(field('attachment', 'not_allowed', 'send files as image or attachment messages'));
  } else if (input.attachment === undefined) {
    errors.push(field('attachment', 'required', `an ${input.kind} message needs its attachment metadata`));
  } else if (input.kind === 'image' && !input.attachment.contentType.startsWith('image/')) {
    errors.push(field('attachment/contentType', 'pattern', 'an image message needs an image/* content type'));
  }
  if (caller.kind === 'organization' && input.practitionerId === undefined) {
    errors.push(field('practitionerId', 'required', 'name the practitioner who writes'));
  }
  if (caller.kind === 'patient' && input.practitionerId !== undefined && input.practitionerId !== encounter.practitionerId) {
    errors.push(field('practitionerId', 'const', `this encounter's practitioner is ${encounter.practitionerId}`));
  }
  if (errors.length > 0) throw validationFailed(errors);
}
