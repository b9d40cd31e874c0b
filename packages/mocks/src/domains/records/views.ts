/** Records → the spec's Document, Diagnosis, Observation and Consent shapes, with keys in the spec's order. */
import { formatLocal } from '../../engine/clock.js';
import type { ConsentRecord, DocumentRecord, ObservationRecord } from './model.js';

export function documentView(document: DocumentRecord) {
  return {
    id: document.id,
    type: document.type,
    title: document.title,
    patientId: document.patientId,
    organizationId: document.organizationId,
    authorPractitionerId: document.authorPractitionerId,
    encounterId: document.encounterId,
    effectiveDate: document.effectiveDate,
    diagnoses: document.diagnoses.map(({ icd10, display }) => ({ icd10, display })),
    attachment: document.attachment === null ? null : { ...document.attachment },
    createdAt: formatLocal(document.createdAtMs),
  };
}

/** A diagnosis as one of the patient's documents records it. */
export interface DiagnosisEntry {
  icd10: string;
  display: string;
  document: DocumentRecord;
}

export function diagnosesOf(documents: readonly DocumentRecord[]): DiagnosisEntry[] {
  return documents.flatMap((document) => document.diagnoses.map(({ icd10, display }) => ({ icd10, display, document })));
}

export function diagnosisView({ icd10, display, document }: DiagnosisEntry) {
  return {
    icd10,
    display,
    patientId: document.patientId,
    organizationId: document.organizationId,
    documentId: document.id,
    recordedOn: document.effectiveDate,
  };
}

export function observationView(observation: ObservationRecord) {
  return {
    id: observation.id,
    patientId: observation.patientId,
    organizationId: observation.organizationId,
    documentId: observation.documentId,
    code: observation.code,
    display: observation.display,
    value: observation.value,
    unit: observation.unit,
    referenceRange: observation.referenceRange === null ? null : { ...observation.referenceRange },
    interpretation: observation.interpretation,
    effectiveAt: formatLocal(observation.effectiveAtMs),
    createdAt: formatLocal(observation.createdAtMs),
  };
}

export function consentView(consent: ConsentRecord) {
  return {
    id: consent.id,
    patientId: consent.patientId,
    purpose: consent.purpose,
    status: consent.status,
    grantedAt: formatLocal(consent.grantedAtMs),
    revokedAt: consent.revokedAtMs === null ? null : formatLocal(consent.revokedAtMs),
  };
}
