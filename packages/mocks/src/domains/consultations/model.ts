/** Consultation records as stored (PLATFORM.md §5). Views (views.ts) turn them into the spec's shapes. */

export type ConsultationKind = 'remote-consultation' | 'mdt' | 'remote-diagnosis';
export type DiagnosticModality = 'imaging' | 'ecg' | 'pathology';
export type ConsultationStatus = 'requested' | 'in-progress' | 'completed' | 'cancelled';
export type ConsultationTaskStatus = 'requested' | 'accepted' | 'rejected' | 'in-progress' | 'completed' | 'cancelled';

/** Invitations still open: the consultation is not done while one of them is. */
export const OPEN_TASK_STATUSES: ReadonlySet<ConsultationTaskStatus> = new Set(['requested', 'accepted', 'in-progress']);

export interface ConsultationRecord {
  id: string;
  kind: ConsultationKind;
  modality: DiagnosticModality | null;
  status: ConsultationStatus;
  patientId: string;
  /** The inviting (treating) hospital. */
  organizationId: string;
  encounterId: string;
  requestingPractitionerId: string;
  question: string;
  documentIds: string[];
  taskIds: string[];
  expertOrganizationIds: string[];
  createdAtMs: number;
  updatedAtMs: number;
  completedAtMs: number | null;
}

export interface OpinionRecord {
  text: string;
  conclusion: string;
  signedBy: string;
  signedAtMs: number;
  documentId: string;
}

export interface ConsultationTaskRecord {
  id: string;
  consultationId: string;
  kind: ConsultationKind;
  /** The invited expert organization. */
  organizationId: string;
  requestingOrganizationId: string;
  patientId: string;
  departmentId: string | null;
  status: ConsultationTaskStatus;
  practitionerId: string | null;
  /** The expert-side encounter, created at start. */
  encounterId: string | null;
  opinion: OpinionRecord | null;
  rejection: { reason: string } | null;
  createdAtMs: number;
  updatedAtMs: number;
}
