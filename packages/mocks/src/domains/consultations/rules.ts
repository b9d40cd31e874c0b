/**
 * The consultation rules (PLATFORM.md §5). Each rule is decided here and only here; the service
 * applies the effects. Comments and test names carry the rule ids.
 *
 * BR-CON-1: the inviting hospital keeps the decision. An expert's opinion (or report) is advice:
 * completing a task files a signed `consultation-opinion` (or `diagnostic-report`) document and
 * nothing else — no prescriptions, no orders, and the inviting hospital's encounter is left as it
 * is. The opinion's request schema has no field for orders (anything more is 400), and the
 * prescriptions domain refuses a prescription on a remote-consultation or remote-diagnosis
 * encounter (CONSULTATION_ORDER_FORBIDDEN).
 */
import { DomainError, invalidTransition, validationFailed, type FieldError } from '../../engine/problem.js';
import type { Practitioner } from '../directory/model.js';
import type { EncounterRecord, EncounterType } from '../encounters/model.js';
import type { DocumentType } from '../records/model.js';
import type { ConsultationKind, ConsultationRecord, ConsultationStatus, ConsultationTaskRecord, ConsultationTaskStatus } from './model.js';

/** BR-CON-1: what a completed task files in the patient's record — a document, never an order. */
export function opinionDocumentType(kind: ConsultationKind): DocumentType {
  return kind === 'remote-diagnosis' ? 'diagnostic-report' : 'consultation-opinion';
}

/** The expert-side encounter's type: remote consultations and MDTs are consultations; remote diagnoses read studies. */
export function expertEncounterType(kind: ConsultationKind): EncounterType {
  return kind === 'remote-diagnosis' ? 'remote-diagnosis' : 'remote-consultation';
}

/** Which alliance service a consultation of this kind needs. */
export function allianceServiceOf(kind: ConsultationKind): 'remote-consultation' | 'remote-diagnosis' {
  return kind === 'remote-diagnosis' ? 'remote-diagnosis' : 'remote-consultation';
}

/** One expert organization for a consultation or diagnosis, at least two for an MDT, each once; a modality exactly for a diagnosis. */
export function checkShape(input: { kind: ConsultationKind; experts: { organizationId: string }[]; modality?: string | undefined }): FieldError[] {
  const errors: FieldError[] = [];
  const count = input.experts.length;
  if (input.kind === 'mdt' && count < 2) {
    errors.push({ pointer: '/body/experts', code: 'minItems', message: 'an MDT invites at least two expert organizations' });
  } else if (input.kind !== 'mdt' && count !== 1) {
    errors.push({ pointer: '/body/experts', code: 'maxItems', message: `a ${input.kind} invites exactly one expert organization` });
  }
  const seen = new Set<string>();
  input.experts.forEach((expert, index) => {
    if (seen.has(expert.organizationId)) {
      errors.push({ pointer: `/body/experts/${index}/organizationId`, code: 'uniqueItems', message: 'each expert organization is invited once' });
    }
    seen.add(expert.organizationId);
  });
  if (input.kind === 'remote-diagnosis' && input.modality === undefined) {
    errors.push({ pointer: '/body/modality', code: 'required', message: 'a remote diagnosis names what it reads' });
  } else if (input.kind !== 'remote-diagnosis' && input.modality !== undefined) {
    errors.push({ pointer: '/body/modality', code: 'not_allowed', message: 'only a remote diagnosis has a modality' });
  }
  return errors;
}

/** The inviting hospital asks about a visit that is still going on (planned or in progress). */
export function assertEncounterActive(encounter: EncounterRecord): void {
  if (encounter.status === 'completed' || encounter.status === 'discontinued') {
    throw new DomainError(409, 'ENCOUNTER_NOT_ACTIVE', `Encounter ${encounter.id} is ${encounter.status}; a consultation needs a planned or in-progress visit.`);
  }
}

/** BR-ENC-3 for experts: the expert who takes an invitation is a real-name verified practitioner of the invited organization. */
export function assertExpertVerified(practitioner: Practitioner | undefined, organizationId: string, practitionerId: string): Practitioner {
  if (!practitioner || practitioner.organizationId !== organizationId) {
    throw validationFailed([{ pointer: '/body/practitionerId', code: 'not_found', message: `no practitioner ${practitionerId} at this organization` }]);
  }
  if (!practitioner.realNameVerified) {
    throw new DomainError(403, 'PRACTITIONER_NOT_VERIFIED', `${practitioner.id} is not real-name verified and cannot give an expert opinion.`);
  }
  return practitioner;
}

/** The task state machine: which states each action starts from. */
const TASK_ALLOWED_FROM = {
  accept: ['requested'],
  reject: ['requested'],
  start: ['accepted'],
  complete: ['in-progress'],
} as const satisfies Record<string, readonly ConsultationTaskStatus[]>;

export function assertTaskTransition(task: ConsultationTaskRecord, action: keyof typeof TASK_ALLOWED_FROM): void {
  const allowed: readonly ConsultationTaskStatus[] = TASK_ALLOWED_FROM[action];
  if (!allowed.includes(task.status)) throw invalidTransition('consultation task', task.status, allowed.join(' or '));
}

/** Only an open consultation (requested or in progress) can be cancelled. */
export function assertCancellable(consultation: ConsultationRecord): void {
  const open: readonly ConsultationStatus[] = ['requested', 'in-progress'];
  if (!open.includes(consultation.status)) throw invalidTransition('consultation', consultation.status, 'requested or in-progress');
}

/** The opinion is signed by the expert who accepted the invitation. */
export function assertSignedByExpert(task: ConsultationTaskRecord, practitionerId: string): void {
  if (task.practitionerId !== practitionerId) {
    throw validationFailed([
      { pointer: '/body/signature/practitionerId', code: 'not_allowed', message: `the opinion is signed by ${task.practitionerId ?? 'the accepting expert'}` },
    ]);
  }
}
