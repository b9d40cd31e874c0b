/** Seeded cloud records: the named patients' histories and consents. */
import type { ConsentRecord, DocumentRecord, ObservationRecord } from './model.js';
import type { RecordsStore } from './store.js';

const at = (iso: string) => Date.parse(iso);

export const SEED_DOCUMENTS: readonly DocumentRecord[] = [
  // Li Na's diabetes diagnosis at the provincial hospital: evidence for online follow-ups (BR-ENC-1).
  {
    id: 'doc_lina_20251118',
    type: 'outpatient-record',
    title: 'Endocrinology outpatient record',
    patientId: 'pat_lina',
    organizationId: 'org_qtph',
    authorPractitionerId: 'prc_zhangwei',
    encounterId: 'enc_lina_20251118',
    effectiveDate: '2025-11-18',
    diagnoses: [{ icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' }],
    attachment: {
      fileName: 'outpatient-record-20251118.pdf',
      contentType: 'application/pdf',
      sizeBytes: 182_344,
      sha256: '3f1c9a4e0b7d2c5e8a6f4b1d9e0c3a7b5f2d8e6c4a1b9f7d3e5c2a8b6d4f1e09',
    },
    createdAtMs: at('2025-11-18T09:40:00+08:00'),
  },
  {
    id: 'doc_lina_hba1c_20251118',
    type: 'lab-report',
    title: 'HbA1c and fasting glucose',
    patientId: 'pat_lina',
    organizationId: 'org_qtph',
    authorPractitionerId: null,
    encounterId: 'enc_lina_20251118',
    effectiveDate: '2025-11-18',
    diagnoses: [],
    attachment: null,
    createdAtMs: at('2025-11-18T11:05:00+08:00'),
  },
  // Zhao Lei's hypertension diagnosis at the county hospital.
  {
    id: 'doc_zhaolei_20230506',
    type: 'diagnosis-certificate',
    title: 'Diagnosis certificate: essential hypertension',
    patientId: 'pat_zhaolei',
    organizationId: 'org_linan',
    authorPractitionerId: 'prc_wanggang',
    encounterId: null,
    effectiveDate: '2023-05-06',
    diagnoses: [{ icd10: 'I10', display: 'Essential (primary) hypertension' }],
    attachment: {
      fileName: 'diagnosis-certificate-20230506.pdf',
      contentType: 'application/pdf',
      sizeBytes: 96_210,
      sha256: 'a8d4e2f61b9c07d35e8f1a2b4c6d8e0f13579bdf2468ace0fdb97531eca86420',
    },
    createdAtMs: at('2023-05-06T10:20:00+08:00'),
  },
];

export const SEED_OBSERVATIONS: readonly ObservationRecord[] = [
  {
    id: 'obs_lina_hba1c',
    patientId: 'pat_lina',
    organizationId: 'org_qtph',
    documentId: 'doc_lina_hba1c_20251118',
    code: '4548-4',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
    value: 7.8,
    unit: '%',
    referenceRange: { low: 4, high: 6 },
    interpretation: 'high',
    effectiveAtMs: at('2025-11-18T09:50:00+08:00'),
    createdAtMs: at('2025-11-18T11:05:00+08:00'),
  },
  {
    id: 'obs_lina_glucose',
    patientId: 'pat_lina',
    organizationId: 'org_qtph',
    documentId: 'doc_lina_hba1c_20251118',
    code: '1558-6',
    display: 'Fasting glucose [Moles/volume] in Serum or Plasma',
    value: 8.4,
    unit: 'mmol/L',
    referenceRange: { low: 3.9, high: 6.1 },
    interpretation: 'high',
    effectiveAtMs: at('2025-11-18T09:50:00+08:00'),
    createdAtMs: at('2025-11-18T11:05:00+08:00'),
  },
];

export const SEED_CONSENTS: readonly ConsentRecord[] = [
  // Li Na lets institutions that treat her read her records (so the internet hospital sees her 2025 visit).
  { id: 'cns_lina_treatment', patientId: 'pat_lina', purpose: 'treatment', status: 'active', grantedAtMs: at('2026-05-20T10:00:00+08:00'), revokedAtMs: null },
  // Li Na also lets her records serve research (the example of revoking a consent).
  { id: 'cns_lina_research', patientId: 'pat_lina', purpose: 'research', status: 'active', grantedAtMs: at('2026-04-02T09:30:00+08:00'), revokedAtMs: null },
  // Zhao Lei granted a research consent once and revoked it.
  {
    id: 'cns_zhaolei_research',
    patientId: 'pat_zhaolei',
    purpose: 'research',
    status: 'revoked',
    grantedAtMs: at('2025-03-02T15:00:00+08:00'),
    revokedAtMs: at('2025-09-10T09:00:00+08:00'),
  },
];

export function seedRecords(store: RecordsStore): void {
  for (const document of structuredClone(SEED_DOCUMENTS) as DocumentRecord[]) store.addDocument(document);
  for (const observation of structuredClone(SEED_OBSERVATIONS) as ObservationRecord[]) store.addObservation(observation);
  for (const consent of structuredClone(SEED_CONSENTS) as ConsentRecord[]) store.addConsent(consent);
}
