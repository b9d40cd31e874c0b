/** Cloud medical record (云病历) records as stored (PLATFORM.md §6). */
import type { Purpose } from '../../engine/audit.js';
import type { AttachmentMetadata, CodedCondition } from '../encounters/model.js';

export type DocumentType =
  | 'outpatient-record'
  | 'discharge-summary'
  | 'diagnosis-certificate'
  | 'lab-report'
  | 'imaging-report'
  | 'diagnostic-report'
  | 'consultation-opinion'
  | 'prescription-copy';

/** BR-ENC-1: the documents that prove a prior diagnosis at a physical institution. */
export const EVIDENCE_TYPES: ReadonlySet<DocumentType> = new Set(['outpatient-record', 'discharge-summary', 'diagnosis-certificate']);

export interface DocumentRecord {
  id: string;
  type: DocumentType;
  title: string;
  patientId: string;
  /** The custodian: the institution that holds and answers for the document. */
  organizationId: string;
  authorPractitionerId: string | null;
  encounterId: string | null;
  /** The day the document speaks for (a visit date, a report date), YYYY-MM-DD. */
  effectiveDate: string;
  /** ICD-10 coded diagnoses the document records. */
  diagnoses: CodedCondition[];
  attachment: AttachmentMetadata | null;
  createdAtMs: number;
}

export type Interpretation = 'normal' | 'low' | 'high' | 'critical';

export interface ObservationRecord {
  id: string;
  patientId: string;
  organizationId: string;
  documentId: string | null;
  /** LOINC code and its display name. */
  code: string;
  display: string;
  value: number;
  unit: string;
  referenceRange: { low: number | null; high: number | null } | null;
  interpretation: Interpretation;
  effectiveAtMs: number;
  createdAtMs: number;
}

export type ConsentStatus = 'active' | 'revoked';

export interface ConsentRecord {
  id: string;
  patientId: string;
  purpose: Purpose;
  status: ConsentStatus;
  grantedAtMs: number;
  revokedAtMs: number | null;
}
