/**
 * The cloud-record and consent rules (PLATFORM.md §6). Each rule is decided here and only here;
 * the service applies the effects. Comments and test names carry the rule ids.
 */
import type { Purpose } from '../../engine/audit.js';
import { DomainError, invalidTransition } from '../../engine/problem.js';
import type { ConsentRecord } from './model.js';
import type { RecordsStore } from './store.js';

/** What an organization may read of one patient's records for one purpose. */
export interface RecordAccess {
  organizationId: string;
  patientId: string;
  purpose: Purpose;
  /** The consent that opens other institutions' records; undefined: only the caller's own. */
  consent: ConsentRecord | undefined;
}

function consentRequired(patientId: string, purpose: Purpose): DomainError {
  return new DomainError(
    403,
    'CONSENT_REQUIRED',
    `${patientId} has no active consent for ${purpose}; another institution reads the patient's records only with it (BR-REC-1).`,
  );
}

/** Whether the organization holds (is custodian of) any of the patient's documents or observations. */
function holdsRecordsOf(records: RecordsStore, organizationId: string, patientId: string): boolean {
  for (const id of records.documentsByPatient.get(patientId)) if (records.documents.get(id)?.organizationId === organizationId) return true;
  for (const id of records.observationsByPatient.get(patientId)) if (records.observations.get(id)?.organizationId === organizationId) return true;
  return false;
}

/**
 * BR-REC-1 for a list: with the patient's active consent for the purpose, every institution's
 * records; without it, only the caller's own, and only when it holds any of the patient's
 * records — otherwise CONSENT_REQUIRED.
 */
export function listAccess(records: RecordsStore, organizationId: string, patientId: string, purpose: Purpose): RecordAccess {
  const consent = records.activeConsent(patientId, purpose);
  if (!consent && !holdsRecordsOf(records, organizationId, patientId)) throw consentRequired(patientId, purpose);
  return { organizationId, patientId, purpose, consent };
}

/**
 * BR-REC-1 for one record: the custodian always reads it; another institution only with the
 * patient's active consent for the purpose. Returns the consent relied on (null for the custodian).
 */
export function recordAccess(records: RecordsStore, organizationId: string, record: { patientId: string; organizationId: string }, purpose: Purpose): ConsentRecord | null {
  if (record.organizationId === organizationId) return null;
  const consent = records.activeConsent(record.patientId, purpose);
  if (!consent) throw consentRequired(record.patientId, purpose);
  return consent;
}

/** BR-REC-1: whether a record falls inside the access, and the consent its read relies on (null for the caller's own). */
export function readableUnder(access: RecordAccess, record: { organizationId: string }): { readable: boolean; consentId: string | null } {
  if (record.organizationId === access.organizationId) return { readable: true, consentId: null };
  return access.consent ? { readable: true, consentId: access.consent.id } : { readable: false, consentId: null };
}

/** One active consent per purpose (PIPL separate consent): a second is refused. */
export function assertNoActiveConsent(records: RecordsStore, patientId: string, purpose: Purpose): void {
  const active = records.activeConsent(patientId, purpose);
  if (active) {
    throw new DomainError(409, 'CONSENT_ALREADY_ACTIVE', `Consent ${active.id} for ${purpose} is already active; revoke it before granting a new one.`);
  }
}

export function assertRevocable(consent: ConsentRecord): void {
  if (consent.status !== 'active') throw invalidTransition('consent', consent.status, 'active');
}
