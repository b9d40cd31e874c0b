/**
 * The online-visit rules (PLATFORM.md §4). Each rule is decided here and only here; the service
 * applies the effects. Comments and test names carry the rule ids.
 */
import { DomainError, invalidTransition } from '../../engine/problem.js';
import type { DirectoryState } from '../directory/state.js';
import { EVIDENCE_TYPES, type DocumentRecord } from '../records/model.js';
import type { RecordsStore } from '../records/store.js';
import { ONLINE_TYPES, type EncounterRecord, type EncounterStatus, type EncounterType } from './model.js';

/** Institutions where a patient is seen in person: only their diagnoses count as BR-ENC-1 evidence. */
const PHYSICAL_INSTITUTIONS: ReadonlySet<string> = new Set(['hospital', 'primary-care']);

/** The ICD-10 category: the three characters before the dot (E11.9 → E11). */
export function icd10Category(code: string): string {
  return code.slice(0, 3);
}

/**
 * BR-ENC-3: the doctor belongs to the institution, is real-name verified and, for an online visit,
 * enabled for online visits. Nobody and no AI stands in.
 */
export function assertPractitionerQualified(directory: DirectoryState, practitionerId: string, organizationId: string, type: EncounterType): void {
  const practitioner = directory.practitioners.get(practitionerId);
  let why: string | undefined;
  if (!practitioner || practitioner.organizationId !== organizationId) why = `${practitionerId} is not a practitioner of ${organizationId}`;
  else if (!practitioner.realNameVerified) why = `${practitionerId} is not real-name verified`;
  else if (ONLINE_TYPES.has(type) && !practitioner.onlineEnabled) why = `${practitionerId} is not enabled for online visits`;
  if (why !== undefined) {
    throw new DomainError(403, 'PRACTITIONER_NOT_VERIFIED', `${why}; nobody and no AI may stand in (BR-ENC-3).`);
  }
}

/** BR-ENC-3: for the institution, only the encounter's own practitioner writes; nobody stands in. */
export function assertEncounterPractitioner(encounter: EncounterRecord, practitionerId: string): void {
  if (practitionerId !== encounter.practitionerId) {
    throw new DomainError(403, 'PRACTITIONER_NOT_VERIFIED', `${practitionerId} is not this encounter's practitioner; nobody stands in (BR-ENC-3).`);
  }
}

/** BR-ENC-1: whether the document proves a prior diagnosis of this patient's condition at a physical institution. */
function isEvidence(directory: DirectoryState, document: DocumentRecord, patientId: string, category: string): boolean {
  const custodianType = directory.organizations.get(document.organizationId)?.type;
  return (
    document.patientId === patientId &&
    EVIDENCE_TYPES.has(document.type) &&
    custodianType !== undefined &&
    PHYSICAL_INSTITUTIONS.has(custodianType) &&
    document.diagnoses.some((diagnosis) => icd10Category(diagnosis.icd10) === category)
  );
}

/**
 * BR-ENC-1: an online visit is a follow-up only. Returns the evidence document: the one named
 * (which must qualify) or, when none is named, the patient's first qualifying document.
 */
export function requireEvidence(
  directory: DirectoryState,
  records: RecordsStore,
  patientId: string,
  icd10: string,
  evidenceDocumentId: string | undefined,
): DocumentRecord {
  const category = icd10Category(icd10);
  const candidates =
    evidenceDocumentId === undefined
      ? records.documentsOf(patientId)
      : [records.documents.get(evidenceDocumentId)].flatMap((document) => document ?? []);
  const evidence = candidates.find((document) => isEvidence(directory, document, patientId, category));
  if (evidence) return evidence;
  const named = evidenceDocumentId === undefined ? 'No' : `Document ${evidenceDocumentId} is not an`;
  throw new DomainError(
    422,
    'FIRST_VISIT_NOT_ALLOWED',
    `${named} outpatient record, discharge summary or diagnosis certificate of ${patientId} at a physical institution records a diagnosis in category ${category}; an online visit is a follow-up only. Please visit in person first (BR-ENC-1).`,
  );
}

/** The encounter state machine: which states each action starts from. */
const ALLOWED_FROM = {
  start: ['planned'],
  complete: ['in-progress'],
  discontinue: ['planned', 'in-progress'],
} as const satisfies Record<string, readonly EncounterStatus[]>;

export type EncounterAction = keyof typeof ALLOWED_FROM;

export function assertTransition(encounter: EncounterRecord, action: EncounterAction): void {
  const allowed: readonly EncounterStatus[] = ALLOWED_FROM[action];
  if (!allowed.includes(encounter.status)) throw invalidTransition('encounter', encounter.status, allowed.join(' or '));
}

/** Messages belong to a visit under way; after BR-ENC-2 discontinued it (or it ended) it takes none. */
export function assertActive(encounter: EncounterRecord): void {
  if (encounter.status !== 'in-progress') {
    throw new DomainError(
      409,
      'ENCOUNTER_NOT_ACTIVE',
      `The encounter is ${encounter.status}; messages are taken only while it is in progress${encounter.status === 'discontinued' ? ' (BR-ENC-2)' : ''}.`,
    );
  }
}
