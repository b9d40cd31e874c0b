/**
 * Seeded encounters, one per state the documented examples need. Times are on the seeded clock
 * (2026-06-01T08:00+08:00 is "now").
 */
import type { EncounterRecord, MessageRecord } from './model.js';
import type { EncounterStore } from './store.js';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-06-01T08:00:00+08:00');

function encounter(fields: Partial<EncounterRecord> & Pick<EncounterRecord, 'id' | 'type' | 'mode' | 'status' | 'patientId' | 'organizationId' | 'practitionerId' | 'condition'>): EncounterRecord {
  return {
    departmentId: null,
    pharmacyId: null,
    evidenceDocumentId: null,
    appointmentId: null,
    consultationTaskId: null,
    discontinuation: null,
    startedAtMs: null,
    endedAtMs: null,
    createdAtMs: NOW - 3_600_000,
    updatedAtMs: NOW - 3_600_000,
    ...fields,
  };
}

const DIABETES = { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' };
const HYPERTENSION = { icd10: 'I10', display: 'Essential (primary) hypertension' };

export const SEED_ENCOUNTERS: readonly EncounterRecord[] = [
  // Li Na's 2025 endocrinology visit at the provincial hospital: the evidence behind her online follow-ups.
  encounter({
    id: 'enc_lina_20251118',
    type: 'outpatient',
    mode: 'in-person',
    status: 'completed',
    patientId: 'pat_lina',
    organizationId: 'org_qtph',
    departmentId: 'dep_qtph_endo',
    practitionerId: 'prc_zhangwei',
    condition: DIABETES,
    startedAtMs: at('2025-11-18T09:10:00+08:00'),
    endedAtMs: at('2025-11-18T09:35:00+08:00'),
    createdAtMs: at('2025-11-18T09:00:00+08:00'),
    updatedAtMs: at('2025-11-18T09:35:00+08:00'),
  }),
  // Li Na's online diabetes follow-up, under way with Dr Qian Hui of the internet hospital.
  encounter({
    id: 'enc_lina_followup',
    type: 'online-follow-up',
    mode: 'video',
    status: 'in-progress',
    patientId: 'pat_lina',
    organizationId: 'org_qtih',
    departmentId: 'dep_qtih_endo',
    practitionerId: 'prc_qianhui',
    condition: DIABETES,
    evidenceDocumentId: 'doc_lina_20251118',
    startedAtMs: NOW - 600_000,
  }),
  // Zhao Lei's planned hypertension follow-up (text), not yet started.
  encounter({
    id: 'enc_zhaolei_followup',
    type: 'online-follow-up',
    mode: 'text',
    status: 'planned',
    patientId: 'pat_zhaolei',
    organizationId: 'org_qtih',
    departmentId: 'dep_qtih_endo',
    practitionerId: 'prc_qianhui',
    condition: HYPERTENSION,
    evidenceDocumentId: 'doc_zhaolei_20230506',
  }),
  // Zhao Lei at Jiuzhou Pharmacy: an in-store tele-consultation with the internet hospital.
  encounter({
    id: 'enc_zhaolei_instore',
    type: 'online-follow-up',
    mode: 'video',
    status: 'in-progress',
    patientId: 'pat_zhaolei',
    organizationId: 'org_qtih',
    departmentId: 'dep_qtih_endo',
    practitionerId: 'prc_qianhui',
    pharmacyId: 'org_jiuzhou',
    condition: HYPERTENSION,
    evidenceDocumentId: 'doc_zhaolei_20230506',
    startedAtMs: NOW - 300_000,
  }),
  // Chen Xiaoyu (3, guardian Chen Jian) seen in person for asthma.
  encounter({
    id: 'enc_chenxiaoyu_outpatient',
    type: 'outpatient',
    mode: 'in-person',
    status: 'in-progress',
    patientId: 'pat_chenxiaoyu',
    organizationId: 'org_qtph',
    departmentId: 'dep_qtph_paed',
    practitionerId: 'prc_huangmin',
    condition: { icd10: 'J45.909', display: 'Unspecified asthma, uncomplicated' },
    startedAtMs: NOW - 900_000,
  }),
  // Zhou Xiaoming (3, no guardian on record) seen in person for bronchitis.
  encounter({
    id: 'enc_zhouxiaoming_outpatient',
    type: 'outpatient',
    mode: 'in-person',
    status: 'in-progress',
    patientId: 'pat_zhouxiaoming',
    organizationId: 'org_qtph',
    departmentId: 'dep_qtph_paed',
    practitionerId: 'prc_huangmin',
    condition: { icd10: 'J20.9', display: 'Acute bronchitis, unspecified' },
    startedAtMs: NOW - 600_000,
  }),
  // The expert side of a remote consultation: Dr Chen Jing (provincial cardiology) working on the
  // county hospital's invitation `ctk_zhaolei_qtph` about Zhao Lei. Advice only: no orders (BR-CON-1).
  encounter({
    id: 'enc_zhaolei_consult_qtph',
    type: 'remote-consultation',
    mode: 'video',
    status: 'in-progress',
    patientId: 'pat_zhaolei',
    organizationId: 'org_qtph',
    departmentId: 'dep_qtph_cardio',
    practitionerId: 'prc_chenjing',
    condition: HYPERTENSION,
    consultationTaskId: 'ctk_zhaolei_qtph',
    startedAtMs: NOW - 1_200_000,
  }),
  // Li Na's second online follow-up, under way: the example of completing a visit.
  encounter({
    id: 'enc_lina_to_complete',
    type: 'online-follow-up',
    mode: 'text',
    status: 'in-progress',
    patientId: 'pat_lina',
    organizationId: 'org_qtih',
    departmentId: 'dep_qtih_endo',
    practitionerId: 'prc_qianhui',
    condition: DIABETES,
    evidenceDocumentId: 'doc_lina_20251118',
    startedAtMs: NOW - 1_200_000,
  }),
  // Zhao Lei's hypertension follow-up, under way: the example of discontinuing a visit (BR-ENC-2).
  encounter({
    id: 'enc_zhaolei_to_discontinue',
    type: 'online-follow-up',
    mode: 'text',
    status: 'in-progress',
    patientId: 'pat_zhaolei',
    organizationId: 'org_qtih',
    departmentId: 'dep_qtih_endo',
    practitionerId: 'prc_qianhui',
    condition: HYPERTENSION,
    evidenceDocumentId: 'doc_zhaolei_20230506',
    startedAtMs: NOW - 900_000,
  }),
];

/** The chat of Li Na's online follow-up so far. */
export const SEED_MESSAGES: readonly MessageRecord[] = [
  {
    id: 'msg_lina_followup_1',
    encounterId: 'enc_lina_followup',
    sender: { kind: 'patient', patientId: 'pat_lina' },
    kind: 'text',
    text: 'My fasting glucose was between 7.2 and 7.8 mmol/L this week.',
    attachment: null,
    createdAtMs: NOW - 480_000,
  },
  {
    id: 'msg_lina_followup_2',
    encounterId: 'enc_lina_followup',
    sender: { kind: 'practitioner', practitionerId: 'prc_qianhui' },
    kind: 'text',
    text: 'Thank you. Please keep taking metformin 500 mg twice a day; I will renew the prescription.',
    attachment: null,
    createdAtMs: NOW - 300_000,
  },
];

export function seedEncounters(store: EncounterStore): void {
  for (const record of structuredClone(SEED_ENCOUNTERS) as EncounterRecord[]) store.add(record);
  for (const message of structuredClone(SEED_MESSAGES) as MessageRecord[]) store.addMessage(message);
}
