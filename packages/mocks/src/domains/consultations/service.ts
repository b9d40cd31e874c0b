/**
 * Consultation operations: tenancy, the rules of rules.ts, and their effects (state, events, the
 * expert-side encounter and the opinion document in the shared stores). Every method is synchronous.
 *
 * Tenancy: the inviting hospital and every invited expert organization see a consultation; the
 * two parties of a task see it. Actions belong to one side — cancelling to the inviter, working a
 * task to the invited organization — and the other side gets 404 for them, as for anything it
 * cannot act on.
 */
import type { Caller } from '../../engine/auth.js';
import { localDate } from '../../engine/clock.js';
import type { EventType } from '../../engine/events.js';
import { notFound, validationFailed, type FieldError } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import { CARE_PROVIDER_TYPES } from '../directory/model.js';
import type { EncounterRecord } from '../encounters/model.js';
import type { DocumentRecord } from '../records/model.js';
import { assertSharedAlliance } from './alliance.js';
import {
  OPEN_TASK_STATUSES,
  type ConsultationKind,
  type ConsultationRecord,
  type ConsultationTaskRecord,
  type DiagnosticModality,
} from './model.js';
import {
  allianceServiceOf,
  assertCancellable,
  assertEncounterActive,
  assertExpertVerified,
  assertSignedByExpert,
  assertTaskTransition,
  checkShape,
  expertEncounterType,
  opinionDocumentType,
} from './rules.js';
import type { ConsultationStore } from './store.js';

export interface CreateConsultationInput {
  kind: ConsultationKind;
  patientId: string;
  encounterId: string;
  requestingPractitionerId: string;
  question: string;
  documentIds?: string[];
  experts: { organizationId: string; departmentId?: string }[];
  modality?: DiagnosticModality;
}

export interface CompleteTaskInput {
  text: string;
  conclusion: string;
  signature: { practitionerId: string };
}

export interface ConsultationQuery {
  status?: string | undefined;
  kind?: string | undefined;
  patientId?: string | undefined;
}

export interface TaskQuery {
  status?: string | undefined;
  consultationId?: string | undefined;
}

const OPINION_TITLES: Record<ConsultationKind, string> = {
  'remote-consultation': 'Remote consultation opinion',
  mdt: 'MDT opinion',
  'remote-diagnosis': 'Remote diagnosis report',
};

export class ConsultationService {
  constructor(
    private readonly store: ConsultationStore,
    private readonly services: PlatformServices,
  ) {}

  // ── Tenancy ──

  visibleConsultation(caller: Caller, id: string): ConsultationRecord {
    const consultation = this.store.consultations.get(id);
    const organizationId = caller.kind === 'organization' ? caller.organizationId : undefined;
    if (!consultation || organizationId === undefined) throw notFound('consultation', id);
    if (consultation.organizationId !== organizationId && !consultation.expertOrganizationIds.includes(organizationId)) {
      throw notFound('consultation', id);
    }
    return consultation;
  }

  visibleTask(caller: Caller, id: string): ConsultationTaskRecord {
    const task = this.store.tasks.get(id);
    const organizationId = caller.kind === 'organization' ? caller.organizationId : undefined;
    if (!task || (task.organizationId !== organizationId && task.requestingOrganizationId !== organizationId)) throw notFound('consultation task', id);
    return task;
  }

  /** A task only its invited organization works on. */
  private invitedTask(organizationId: string, id: string): ConsultationTaskRecord {
    const task = this.store.tasks.get(id);
    if (!task || task.organizationId !== organizationId) throw notFound('consultation task', id);
    return task;
  }

  // ── The inviting hospital ──

  create(organizationId: string, input: CreateConsultationInput, nowMs: number): ConsultationRecord {
    const { directory, encounters, records } = this.services;
    const errors: FieldError[] = checkShape(input);
    const requester = directory.practitioners.get(input.requestingPractitionerId);
    if (!requester || requester.organizationId !== organizationId) {
      errors.push({ pointer: '/body/requestingPractitionerId', code: 'not_found', message: `no practitioner ${input.requestingPractitionerId} at this organization` });
    }
    input.experts.forEach((expert, index) => {
      const organization = directory.organizations.get(expert.organizationId);
      if (!organization || !CARE_PROVIDER_TYPES.includes(organization.type) || expert.organizationId === organizationId) {
        errors.push({ pointer: `/body/experts/${index}/organizationId`, code: 'not_found', message: `no other care provider ${expert.organizationId}` });
      } else if (expert.departmentId !== undefined && directory.departments.get(expert.departmentId)?.organizationId !== expert.organizationId) {
        errors.push({ pointer: `/body/experts/${index}/departmentId`, code: 'not_found', message: `no department ${expert.departmentId} at ${expert.organizationId}` });
      }
    });
    (input.documentIds ?? []).forEach((documentId, index) => {
      if (records.documents.get(documentId)?.patientId !== input.patientId) {
        errors.push({ pointer: `/body/documentIds/${index}`, code: 'not_found', message: `no document ${documentId} of this patient` });
      }
    });
    if (errors.length > 0) throw validationFailed(errors);

    const encounter = encounters.get(input.encounterId);
    if (!encounter || encounter.organizationId !== organizationId || encounter.patientId !== input.patientId) {
      throw notFound('encounter', input.encounterId);
    }
    assertEncounterActive(encounter);
    for (const expert of input.experts) assertSharedAlliance(directory, organizationId, expert.organizationId, allianceServiceOf(input.kind));

    const consultation: ConsultationRecord = {
      id: this.services.ids.next('con'),
      kind: input.kind,
      modality: input.modality ?? null,
      status: 'requested',
      patientId: input.patientId,
      organizationId,
      encounterId: input.encounterId,
      requestingPractitionerId: input.requestingPractitionerId,
      question: input.question,
      documentIds: [...(input.documentIds ?? [])],
      taskIds: [],
      expertOrganizationIds: input.experts.map((expert) => expert.organizationId),
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
      completedAtMs: null,
    };
    this.store.addConsultation(consultation);
    this.emitConsultation('consultation.created', consultation, nowMs);
    for (const expert of input.experts) {
      const task: ConsultationTaskRecord = {
        id: this.services.ids.next('ctk'),
        consultationId: consultation.id,
        kind: consultation.kind,
        organizationId: expert.organizationId,
        requestingOrganizationId: organizationId,
        patientId: consultation.patientId,
        departmentId: expert.departmentId ?? null,
        status: 'requested',
        practitionerId: null,
        encounterId: null,
        opinion: null,
        rejection: null,
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
      };
      this.store.addTask(task);
      consultation.taskIds.push(task.id);
      this.emitTask('consultation_task.requested', task, nowMs);
    }
    return consultation;
  }

  /**
   * The inviter withdraws an open consultation: its open invitations end `cancelled` and an
   * expert encounter under way is discontinued.
   */
  cancel(organizationId: string, id: string, nowMs: number): ConsultationRecord {
    const consultation = this.store.consultations.get(id);
    if (!consultation || consultation.organizationId !== organizationId) throw notFound('consultation', id);
    assertCancellable(consultation);
    for (const task of this.store.tasksOf(consultation)) {
      if (!OPEN_TASK_STATUSES.has(task.status)) continue;
      const encounter = task.encounterId === null ? undefined : this.services.encounters.get(task.encounterId);
      if (encounter?.status === 'in-progress') this.endEncounter(encounter, 'discontinued', nowMs);
      task.status = 'cancelled';
      task.updatedAtMs = nowMs;
      this.emitTask('consultation_task.cancelled', task, nowMs);
    }
    consultation.status = 'cancelled';
    consultation.updatedAtMs = nowMs;
    this.emitConsultation('consultation.cancelled', consultation, nowMs);
    return consultation;
  }

  // ── The invited expert organization ──

  accept(organizationId: string, taskId: string, practitionerId: string, nowMs: number): ConsultationTaskRecord {
    const task = this.invitedTask(organizationId, taskId);
    assertTaskTransition(task, 'accept');
    assertExpertVerified(this.services.directory.practitioners.get(practitionerId), organizationId, practitionerId);
    task.status = 'accepted';
    task.practitionerId = practitionerId;
    task.updatedAtMs = nowMs;
    this.emitTask('consultation_task.accepted', task, nowMs);
    return task;
  }

  reject(organizationId: string, taskId: string, reason: string, nowMs: number): ConsultationTaskRecord {
    const task = this.invitedTask(organizationId, taskId);
    assertTaskTransition(task, 'reject');
    task.status = 'rejected';
    task.rejection = { reason };
    task.updatedAtMs = nowMs;
    this.emitTask('consultation_task.rejected', task, nowMs);
    this.completeIfResolved(this.store.consultationOf(task), nowMs);
    return task;
  }

  /** Work starts: the expert-side encounter opens at the expert organization, and the consultation is under way. */
  start(organizationId: string, taskId: string, nowMs: number): ConsultationTaskRecord {
    const task = this.invitedTask(organizationId, taskId);
    assertTaskTransition(task, 'start');
    const consultation = this.store.consultationOf(task);
    const practitionerId = task.practitionerId ?? '';
    const treating = this.services.encounters.get(consultation.encounterId);
    const encounter: EncounterRecord = {
      id: this.services.ids.next('enc'),
      type: expertEncounterType(task.kind),
      mode: task.kind === 'remote-diagnosis' ? 'text' : 'video',
      status: 'planned',
      patientId: task.patientId,
      organizationId,
      departmentId: task.departmentId ?? this.services.directory.practitioners.get(practitionerId)?.departmentIds[0] ?? null,
      practitionerId,
      pharmacyId: null,
      condition: treating ? { ...treating.condition } : { icd10: 'R69', display: 'Illness, unspecified' },
      evidenceDocumentId: null,
      appointmentId: null,
      consultationTaskId: task.id,
      discontinuation: null,
      startedAtMs: null,
      endedAtMs: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.services.encounters.add(encounter);
    this.emitEncounter('encounter.created', encounter, nowMs);
    encounter.status = 'in-progress';
    encounter.startedAtMs = nowMs;
    this.emitEncounter('encounter.started', encounter, nowMs);

    task.status = 'in-progress';
    task.encounterId = encounter.id;
    task.updatedAtMs = nowMs;
    this.emitTask('consultation_task.started', task, nowMs);
    if (consultation.status === 'requested') {
      consultation.status = 'in-progress';
      consultation.updatedAtMs = nowMs;
    }
    return task;
  }

  /**
   * BR-CON-1: the signed opinion becomes a document in the patient's record, held by the expert
   * organization, and the expert encounter completes. Nothing else: no prescription, no order, and
   * the inviting hospital's encounter is not touched.
   */
  complete(organizationId: string, taskId: string, input: CompleteTaskInput, nowMs: number): ConsultationTaskRecord {
    const task = this.invitedTask(organizationId, taskId);
    assertTaskTransition(task, 'complete');
    assertSignedByExpert(task, input.signature.practitionerId);
    const consultation = this.store.consultationOf(task);
    const encounter = task.encounterId === null ? undefined : this.services.encounters.get(task.encounterId);
    const document: DocumentRecord = {
      id: this.services.ids.next('doc'),
      type: opinionDocumentType(task.kind),
      title: consultation.modality === null ? OPINION_TITLES[task.kind] : `${OPINION_TITLES[task.kind]} (${consultation.modality})`,
      patientId: task.patientId,
      organizationId,
      authorPractitionerId: input.signature.practitionerId,
      encounterId: task.encounterId,
      effectiveDate: localDate(nowMs),
      diagnoses: encounter ? [{ ...encounter.condition }] : [],
      attachment: null,
      createdAtMs: nowMs,
    };
    this.services.records.addDocument(document);
    this.services.events.emit(
      'document.created',
      { object: 'document', id: document.id, status: 'final', organizationId, patientId: task.patientId },
      nowMs,
      [task.requestingOrganizationId],
    );
    if (encounter?.status === 'in-progress') this.endEncounter(encounter, 'completed', nowMs);

    task.status = 'completed';
    task.opinion = { text: input.text, conclusion: input.conclusion, signedBy: input.signature.practitionerId, signedAtMs: nowMs, documentId: document.id };
    task.updatedAtMs = nowMs;
    this.emitTask('consultation_task.completed', task, nowMs);
    this.completeIfResolved(consultation, nowMs);
    // The signed opinion goes into the requesting hospital's HIS too, where its connector allows it.
    this.services.hooks.reportWritten.emit(document, task.requestingOrganizationId, nowMs);
    return task;
  }

  // ── Lists ──

  /** The consultations the caller asked for or was invited to, newest first in the route. */
  listConsultations(organizationId: string, query: ConsultationQuery): ConsultationRecord[] {
    return [...this.store.consultationsByOrganization.get(organizationId)].flatMap((id) => {
      const consultation = this.store.consultations.get(id);
      if (
        !consultation ||
        (query.status !== undefined && consultation.status !== query.status) ||
        (query.kind !== undefined && consultation.kind !== query.kind) ||
        (query.patientId !== undefined && consultation.patientId !== query.patientId)
      ) {
        return [];
      }
      return [consultation];
    });
  }

  /** The tasks the caller was invited to or sent. */
  listTasks(organizationId: string, query: TaskQuery): ConsultationTaskRecord[] {
    return [...this.store.tasksByParty.get(organizationId)].flatMap((id) => {
      const task = this.store.tasks.get(id);
      if (
        !task ||
        (query.status !== undefined && task.status !== query.status) ||
        (query.consultationId !== undefined && task.consultationId !== query.consultationId)
      ) {
        return [];
      }
      return [task];
    });
  }

  // ── Effects ──

  /** The consultation completes once no invitation is open. */
  private completeIfResolved(consultation: ConsultationRecord, nowMs: number): void {
    if (this.store.tasksOf(consultation).some((task) => OPEN_TASK_STATUSES.has(task.status))) return;
    consultation.status = 'completed';
    consultation.completedAtMs = nowMs;
    consultation.updatedAtMs = nowMs;
    this.emitConsultation('consultation.completed', consultation, nowMs);
  }

  private endEncounter(encounter: EncounterRecord, status: 'completed' | 'discontinued', nowMs: number): void {
    encounter.status = status;
    encounter.endedAtMs = nowMs;
    encounter.updatedAtMs = nowMs;
    if (status === 'discontinued') {
      encounter.discontinuation = { reason: 'other', note: 'The inviting hospital cancelled the consultation.', atMs: nowMs };
    }
    this.emitEncounter(status === 'completed' ? 'encounter.completed' : 'encounter.discontinued', encounter, nowMs);
  }

  private emitConsultation(type: EventType, consultation: ConsultationRecord, atMs: number): void {
    this.services.events.emit(
      type,
      { object: 'consultation', id: consultation.id, status: consultation.status, organizationId: consultation.organizationId, patientId: consultation.patientId },
      atMs,
      consultation.expertOrganizationIds,
    );
  }

  private emitTask(type: EventType, task: ConsultationTaskRecord, atMs: number): void {
    this.services.events.emit(
      type,
      { object: 'consultation_task', id: task.id, status: task.status, organizationId: task.organizationId, patientId: task.patientId },
      atMs,
      [task.requestingOrganizationId],
    );
  }

  private emitEncounter(type: EventType, encounter: EncounterRecord, atMs: number): void {
    this.services.events.emit(
      type,
      { object: 'encounter', id: encounter.id, status: encounter.status, organizationId: encounter.organizationId, patientId: encounter.patientId },
      atMs,
    );
  }
}
