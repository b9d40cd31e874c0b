/** Records → the spec's Consultation and ConsultationTask shapes, with keys in the spec's order. */
import { formatLocal } from '../../engine/clock.js';
import type { ConsultationRecord, ConsultationTaskRecord } from './model.js';

export function consultationView(consultation: ConsultationRecord) {
  return {
    id: consultation.id,
    kind: consultation.kind,
    modality: consultation.modality,
    status: consultation.status,
    patientId: consultation.patientId,
    organizationId: consultation.organizationId,
    encounterId: consultation.encounterId,
    requestingPractitionerId: consultation.requestingPractitionerId,
    question: consultation.question,
    documentIds: [...consultation.documentIds],
    taskIds: [...consultation.taskIds],
    expertOrganizationIds: [...consultation.expertOrganizationIds],
    createdAt: formatLocal(consultation.createdAtMs),
    updatedAt: formatLocal(consultation.updatedAtMs),
    completedAt: consultation.completedAtMs === null ? null : formatLocal(consultation.completedAtMs),
  };
}

export function consultationTaskView(task: ConsultationTaskRecord) {
  const { opinion } = task;
  return {
    id: task.id,
    consultationId: task.consultationId,
    kind: task.kind,
    organizationId: task.organizationId,
    requestingOrganizationId: task.requestingOrganizationId,
    patientId: task.patientId,
    departmentId: task.departmentId,
    status: task.status,
    practitionerId: task.practitionerId,
    encounterId: task.encounterId,
    opinion:
      opinion === null
        ? null
        : {
            text: opinion.text,
            conclusion: opinion.conclusion,
            signedBy: opinion.signedBy,
            signedAt: formatLocal(opinion.signedAtMs),
            documentId: opinion.documentId,
          },
    rejection: task.rejection === null ? null : { reason: task.rejection.reason },
    createdAt: formatLocal(task.createdAtMs),
    updatedAt: formatLocal(task.updatedAtMs),
  };
}
