/**
 * Seeded referrals, one per state the documented examples need, and the receiving hospital's
 * feedback document that closes one. Times are on the seeded clock (2026-06-01T08:00+08:00 is "now").
 *
 * Zhao Lei's resistant hypertension goes up from the county hospital (org_linan) to the provincial
 * hospital's cardiology (org_qtph): ref_zhaolei_up_requested, _received, _accepted, _in_progress.
 * Li Na's stable diabetes goes down from the provincial hospital to Xixi community health centre:
 * ref_lina_down_requested.
 */
import type { DocumentRecord } from '../records/model.js';
import type { RecordsStore } from '../records/store.js';
import type { ReferralRecord, ReferralStatus } from './model.js';
import type { ReferralStore } from './store.js';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-06-01T08:00:00+08:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The provincial hospital's discharge summary for Zhao Lei: the feedback of the in-progress referral. */
export const FEEDBACK_DOCUMENTS: readonly DocumentRecord[] = [
  {
    id: 'doc_zhaolei_qtph_discharge',
    type: 'discharge-summary',
    title: 'Discharge summary: resistant hypertension work-up',
    patientId: 'pat_zhaolei',
    organizationId: 'org_qtph',
    authorPractitionerId: 'prc_chenjing',
    encounterId: null,
    effectiveDate: '2026-05-31',
    diagnoses: [{ icd10: 'I10', display: 'Essential (primary) hypertension' }],
    attachment: null,
    createdAtMs: NOW - 20 * HOUR,
  },
];

function zhaoleiUp(id: string, status: ReferralStatus, createdAtMs: number, updatedAtMs: number): ReferralRecord {
  return {
    id,
    direction: 'up',
    status,
    patientId: 'pat_zhaolei',
    fromOrganizationId: 'org_linan',
    toOrganizationId: 'org_qtph',
    fromEncounterId: 'enc_zhaolei_linan',
    toDepartmentId: 'dep_qtph_cardio',
    reason: 'Blood pressure above 160/100 on two agents: work-up for secondary hypertension.',
    condition: { icd10: 'I10', display: 'Essential (primary) hypertension' },
    documentIds: ['doc_zhaolei_20230506'],
    appointmentId: null,
    feedbackDocumentId: null,
    rejection: null,
    createdAtMs,
    updatedAtMs,
  };
}

export const SEED_REFERRALS: readonly ReferralRecord[] = [
  zhaoleiUp('ref_zhaolei_up_requested', 'requested', NOW - HOUR, NOW - HOUR),
  zhaoleiUp('ref_zhaolei_up_received', 'received', NOW - DAY, NOW - 20 * HOUR),
  zhaoleiUp('ref_zhaolei_up_accepted', 'accepted', NOW - 2 * DAY, NOW - DAY),
  zhaoleiUp('ref_zhaolei_up_in_progress', 'in-progress', NOW - 5 * DAY, NOW - 3 * DAY),
  {
    id: 'ref_lina_down_requested',
    direction: 'down',
    status: 'requested',
    patientId: 'pat_lina',
    fromOrganizationId: 'org_qtph',
    toOrganizationId: 'org_xixi',
    fromEncounterId: 'enc_lina_20251118',
    toDepartmentId: 'dep_xixi_gp',
    reason: 'Stable type 2 diabetes: continue management and HbA1c follow-up in the community.',
    condition: { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
    documentIds: ['doc_lina_20251118'],
    appointmentId: null,
    feedbackDocumentId: null,
    rejection: null,
    createdAtMs: NOW - 2 * HOUR,
    updatedAtMs: NOW - 2 * HOUR,
  },
];

export function seedReferrals(store: ReferralStore, records: RecordsStore): void {
  for (const document of structuredClone(FEEDBACK_DOCUMENTS) as DocumentRecord[]) records.addDocument(document);
  for (const referral of structuredClone(SEED_REFERRALS) as ReferralRecord[]) store.add(referral);
}
