/**
 * Seeded consultations, one per state the documented examples need, and the inviting hospitals'
 * encounters they are about. Times are on the seeded clock (2026-06-01T08:00+08:00 is "now").
 *
 * - con_zhaolei_bp / ctk_zhaolei_qtph: the county hospital asks the provincial cardiologists about
 *   Zhao Lei's blood pressure; Dr Chen Jing is at work on it (expert encounter enc_zhaolei_consult_qtph).
 * - con_zhaolei_ecg / ctk_zhaolei_ecg_requested: an ECG to read, not yet answered.
 * - con_zhaolei_echo / ctk_zhaolei_echo_accepted: an echocardiogram, accepted by Dr Yang Fan, not started.
 * - con_chenjian_ecg / ctk_chenjian_ecg_requested: a community health centre asks the county hospital
 *   to read Chen Jian's ECG.
 */
import type { EncounterRecord } from '../encounters/model.js';
import type { EncounterStore } from '../encounters/store.js';
import type { ConsultationRecord, ConsultationTaskRecord } from './model.js';
import type { ConsultationStore } from './store.js';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-06-01T08:00:00+08:00');
const HOUR = 3_600_000;
const HYPERTENSION = { icd10: 'I10', display: 'Essential (primary) hypertension' };

/** The inviting hospitals' visits the seeded consultations (and referrals) are about. */
export const INVITING_ENCOUNTERS: readonly EncounterRecord[] = [
  // Zhao Lei at the county hospital with Dr Wang Gang: blood pressure not controlled.
  {
    id: 'enc_zhaolei_linan',
    type: 'outpatient',
    mode: 'in-person',
    status: 'in-progress',
    patientId: 'pat_zhaolei',
    organizationId: 'org_linan',
    departmentId: 'dep_linan_im',
    practitionerId: 'prc_wanggang',
    pharmacyId: null,
    condition: HYPERTENSION,
    evidenceDocumentId: null,
    appointmentId: null,
    consultationTaskId: null,
    discontinuation: null,
    startedAtMs: NOW - 3 * HOUR,
    endedAtMs: null,
    createdAtMs: NOW - 3 * HOUR,
    updatedAtMs: NOW - 3 * HOUR,
  },
  // Chen Jian at Xixi community health centre with Dr Feng Yan: palpitations.
  {
    id: 'enc_chenjian_xixi',
    type: 'outpatient',
    mode: 'in-person',
    status: 'in-progress',
    patientId: 'pat_chenjian',
    organizationId: 'org_xixi',
    departmentId: 'dep_xixi_gp',
    practitionerId: 'prc_fengyan',
    pharmacyId: null,
    condition: { icd10: 'R00.2', display: 'Palpitations' },
    evidenceDocumentId: null,
    appointmentId: null,
    consultationTaskId: null,
    discontinuation: null,
    startedAtMs: NOW - HOUR,
    endedAtMs: null,
    createdAtMs: NOW - HOUR,
    updatedAtMs: NOW - HOUR,
  },
];

function consultation(
  fields: Pick<ConsultationRecord, 'id' | 'kind' | 'modality' | 'status' | 'patientId' | 'organizationId' | 'encounterId' | 'requestingPractitionerId' | 'question' | 'documentIds' | 'expertOrganizationIds' | 'createdAtMs'> & { taskIds: string[] },
): ConsultationRecord {
  return { ...fields, updatedAtMs: fields.createdAtMs, completedAtMs: null };
}

function task(
  fields: Pick<ConsultationTaskRecord, 'id' | 'consultationId' | 'kind' | 'organizationId' | 'requestingOrganizationId' | 'patientId' | 'departmentId' | 'status' | 'createdAtMs'> &
    Partial<ConsultationTaskRecord>,
): ConsultationTaskRecord {
  return { practitionerId: null, encounterId: null, opinion: null, rejection: null, updatedAtMs: fields.createdAtMs, ...fields };
}

export const SEED_CONSULTATIONS: readonly ConsultationRecord[] = [
  consultation({
    id: 'con_zhaolei_bp',
    kind: 'remote-consultation',
    modality: null,
    status: 'in-progress',
    patientId: 'pat_zhaolei',
    organizationId: 'org_linan',
    encounterId: 'enc_zhaolei_linan',
    requestingPractitionerId: 'prc_wanggang',
    question: 'Blood pressure 168/102 on amlodipine and losartan. Add a third agent or screen for secondary hypertension first?',
    documentIds: ['doc_zhaolei_20230506'],
    taskIds: ['ctk_zhaolei_qtph'],
    expertOrganizationIds: ['org_qtph'],
    createdAtMs: NOW - 2 * HOUR,
  }),
  consultation({
    id: 'con_zhaolei_ecg',
    kind: 'remote-diagnosis',
    modality: 'ecg',
    status: 'requested',
    patientId: 'pat_zhaolei',
    organizationId: 'org_linan',
    encounterId: 'enc_zhaolei_linan',
    requestingPractitionerId: 'prc_wanggang',
    question: 'Resting 12-lead ECG: signs of left ventricular hypertrophy?',
    documentIds: [],
    taskIds: ['ctk_zhaolei_ecg_requested'],
    expertOrganizationIds: ['org_qtph'],
    createdAtMs: NOW - 90 * 60_000,
  }),
  consultation({
    id: 'con_zhaolei_echo',
    kind: 'remote-diagnosis',
    modality: 'imaging',
    status: 'requested',
    patientId: 'pat_zhaolei',
    organizationId: 'org_linan',
    encounterId: 'enc_zhaolei_linan',
    requestingPractitionerId: 'prc_wanggang',
    question: 'Echocardiogram: wall thickness and diastolic function?',
    documentIds: [],
    taskIds: ['ctk_zhaolei_echo_accepted'],
    expertOrganizationIds: ['org_qtph'],
    createdAtMs: NOW - 80 * 60_000,
  }),
  consultation({
    id: 'con_chenjian_ecg',
    kind: 'remote-diagnosis',
    modality: 'ecg',
    status: 'requested',
    patientId: 'pat_chenjian',
    organizationId: 'org_xixi',
    encounterId: 'enc_chenjian_xixi',
    requestingPractitionerId: 'prc_fengyan',
    question: 'Palpitations since last week: please read the attached 12-lead ECG.',
    documentIds: [],
    taskIds: ['ctk_chenjian_ecg_requested'],
    expertOrganizationIds: ['org_linan'],
    createdAtMs: NOW - 30 * 60_000,
  }),
];

export const SEED_CONSULTATION_TASKS: readonly ConsultationTaskRecord[] = [
  task({
    id: 'ctk_zhaolei_qtph',
    consultationId: 'con_zhaolei_bp',
    kind: 'remote-consultation',
    organizationId: 'org_qtph',
    requestingOrganizationId: 'org_linan',
    patientId: 'pat_zhaolei',
    departmentId: 'dep_qtph_cardio',
    status: 'in-progress',
    practitionerId: 'prc_chenjing',
    encounterId: 'enc_zhaolei_consult_qtph',
    createdAtMs: NOW - 2 * HOUR,
    updatedAtMs: NOW - 1_200_000,
  }),
  task({
    id: 'ctk_zhaolei_ecg_requested',
    consultationId: 'con_zhaolei_ecg',
    kind: 'remote-diagnosis',
    organizationId: 'org_qtph',
    requestingOrganizationId: 'org_linan',
    patientId: 'pat_zhaolei',
    departmentId: 'dep_qtph_cardio',
    status: 'requested',
    createdAtMs: NOW - 90 * 60_000,
  }),
  task({
    id: 'ctk_zhaolei_echo_accepted',
    consultationId: 'con_zhaolei_echo',
    kind: 'remote-diagnosis',
    organizationId: 'org_qtph',
    requestingOrganizationId: 'org_linan',
    patientId: 'pat_zhaolei',
    departmentId: 'dep_qtph_cardio',
    status: 'accepted',
    practitionerId: 'prc_yangfan',
    createdAtMs: NOW - 80 * 60_000,
    updatedAtMs: NOW - 60 * 60_000,
  }),
  task({
    id: 'ctk_chenjian_ecg_requested',
    consultationId: 'con_chenjian_ecg',
    kind: 'remote-diagnosis',
    organizationId: 'org_linan',
    requestingOrganizationId: 'org_xixi',
    patientId: 'pat_chenjian',
    departmentId: 'dep_linan_im',
    status: 'requested',
    createdAtMs: NOW - 30 * 60_000,
  }),
];

export function seedConsultations(store: ConsultationStore, encounters: EncounterStore): void {
  for (const encounter of structuredClone(INVITING_ENCOUNTERS) as EncounterRecord[]) encounters.add(encounter);
  for (const record of structuredClone(SEED_CONSULTATIONS) as ConsultationRecord[]) store.addConsultation(record);
  for (const record of structuredClone(SEED_CONSULTATION_TASKS) as ConsultationTaskRecord[]) store.addTask(record);
}
