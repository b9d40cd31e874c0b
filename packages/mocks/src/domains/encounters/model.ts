/** Encounter records as stored (PLATFORM.md §4). Views turn them into the spec's shapes. */

export type EncounterType = 'outpatient' | 'online-follow-up' | 'remote-consultation' | 'remote-diagnosis';
/** `in-person` for outpatient visits; online visits are text, voice or video. */
export type EncounterMode = 'in-person' | 'text' | 'voice' | 'video';
export type EncounterStatus = 'planned' | 'in-progress' | 'completed' | 'discontinued';
/** Why a doctor discontinued a visit (BR-ENC-2). */
export type DiscontinuationReason = 'first-visit' | 'condition-changed' | 'patient-request' | 'other';

/** The encounter types that happen online: BR-ENC-1, BR-ENC-3 and BR-RX-3 apply to them. */
export const ONLINE_TYPES: ReadonlySet<EncounterType> = new Set(['online-follow-up']);

export interface CodedCondition {
  icd10: string;
  display: string;
}

export interface EncounterRecord {
  id: string;
  type: EncounterType;
  mode: EncounterMode;
  status: EncounterStatus;
  patientId: string;
  /** The institution that runs the visit (for online follow-ups, an internet hospital). */
  organizationId: string;
  departmentId: string | null;
  practitionerId: string;
  /** In-store tele-consultation: the pharmacy the patient is at; its prescriptions go to this pharmacy. */
  pharmacyId: string | null;
  condition: CodedCondition;
  /** BR-ENC-1: the document proving a prior diagnosis of this condition at a physical institution. */
  evidenceDocumentId: string | null;
  appointmentId: string | null;
  /** The expert side of a remote consultation / diagnosis: the invitation this encounter works on. */
  consultationTaskId: string | null;
  discontinuation: { reason: DiscontinuationReason; note: string; atMs: number } | null;
  startedAtMs: number | null;
  endedAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export type MessageKind = 'text' | 'image' | 'attachment';

export interface AttachmentMetadata {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

export interface MessageRecord {
  id: string;
  encounterId: string;
  /** Who wrote it: the patient, or a practitioner of the encounter. */
  sender: { kind: 'patient'; patientId: string } | { kind: 'practitioner'; practitionerId: string };
  kind: MessageKind;
  text: string | null;
  attachment: AttachmentMetadata | null;
  createdAtMs: number;
}
