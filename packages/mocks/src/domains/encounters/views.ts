/** Records → the spec's Encounter and EncounterMessage shapes, with keys in the spec's order. */
import { formatLocal, localDate } from '../../engine/clock.js';
import type { EncounterRecord, MessageRecord } from './model.js';

/** Retention (PLATFORM.md §4): records of visits 15 years, chat, audio and video 3 years. */
export const ENCOUNTER_RETENTION_YEARS = 15;
export const MESSAGE_RETENTION_YEARS = 3;

/** The local day `years` after the instant (29 February becomes 28 February in a common year). */
export function retainUntil(createdAtMs: number, years: number): string {
  const [year = '0', month = '01', day = '01'] = localDate(createdAtMs).split('-');
  const target = Number(year) + years;
  const leap = (target % 4 === 0 && target % 100 !== 0) || target % 400 === 0;
  return `${target}-${month}-${month === '02' && day === '29' && !leap ? '28' : day}`;
}

const time = (ms: number | null) => (ms === null ? null : formatLocal(ms));

export function encounterView(encounter: EncounterRecord) {
  const { discontinuation } = encounter;
  return {
    id: encounter.id,
    type: encounter.type,
    mode: encounter.mode,
    status: encounter.status,
    patientId: encounter.patientId,
    organizationId: encounter.organizationId,
    departmentId: encounter.departmentId,
    practitionerId: encounter.practitionerId,
    pharmacyId: encounter.pharmacyId,
    condition: { icd10: encounter.condition.icd10, display: encounter.condition.display },
    evidenceDocumentId: encounter.evidenceDocumentId,
    appointmentId: encounter.appointmentId,
    consultationTaskId: encounter.consultationTaskId,
    discontinuation:
      discontinuation === null
        ? null
        : { reason: discontinuation.reason, note: discontinuation.note, discontinuedAt: formatLocal(discontinuation.atMs) },
    startedAt: time(encounter.startedAtMs),
    endedAt: time(encounter.endedAtMs),
    retainUntil: retainUntil(encounter.createdAtMs, ENCOUNTER_RETENTION_YEARS),
    createdAt: formatLocal(encounter.createdAtMs),
    updatedAt: formatLocal(encounter.updatedAtMs),
  };
}

export function messageView(encounter: EncounterRecord, message: MessageRecord) {
  const { sender } = message;
  return {
    id: message.id,
    encounterId: message.encounterId,
    patientId: encounter.patientId,
    organizationId: encounter.organizationId,
    pharmacyId: encounter.pharmacyId,
    sender:
      sender.kind === 'patient'
        ? { kind: sender.kind, patientId: sender.patientId, practitionerId: null }
        : { kind: sender.kind, patientId: null, practitionerId: sender.practitionerId },
    kind: message.kind,
    text: message.text,
    attachment: message.attachment === null ? null : { ...message.attachment },
    retainUntil: retainUntil(message.createdAtMs, MESSAGE_RETENTION_YEARS),
    createdAt: formatLocal(message.createdAtMs),
  };
}
