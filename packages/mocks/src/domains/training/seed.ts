/**
 * Seeded training of the Qiantang alliance, run by its lead org_qtph. Times are on the seeded clock
 * (2026-06-01T08:00+08:00 is "now").
 *
 * trc_diabetes_management (capacity 30): two required sessions already held, an optional Q&A to come.
 *   tre_fengyan_diabetes (Xixi): attended session 1 only — the next attendance to record.
 *   tre_dengyu_diabetes (Gongshu): attended both required sessions — ready to complete (BR-TRN-1).
 * trc_insulin_workshop (capacity 2): full with tre_sunli_insulin and tre_wanggang_insulin (COURSE_FULL).
 */
import type { TrainingCourseRecord, TrainingEnrolmentRecord } from './model.js';
import type { TrainingStore } from './store.js';

const at = (iso: string) => Date.parse(iso);
const CREATED = at('2026-05-01T09:00:00+08:00');

export const SEED_COURSES: readonly TrainingCourseRecord[] = [
  {
    id: 'trc_diabetes_management',
    allianceId: 'all_qiantang',
    organizationId: 'org_qtph',
    title: 'Type 2 diabetes management in primary care',
    description: 'Diagnosis by published thresholds, treatment targets, metformin and insulin starts, and referral criteria.',
    capacity: 30,
    certificatePrefix: 'QTMA-DM-2026',
    sessions: [
      { id: 'trs_diabetes_1', title: 'Diagnosis and screening', scheduledAtMs: at('2026-05-18T14:00:00+08:00'), durationMinutes: 90, required: true },
      { id: 'trs_diabetes_2', title: 'Treatment targets and medication', scheduledAtMs: at('2026-05-25T14:00:00+08:00'), durationMinutes: 90, required: true },
      { id: 'trs_diabetes_qa', title: 'Case discussion and Q&A', scheduledAtMs: at('2026-06-08T14:00:00+08:00'), durationMinutes: 60, required: false },
    ],
    createdAtMs: CREATED,
  },
  {
    id: 'trc_insulin_workshop',
    allianceId: 'all_qiantang',
    organizationId: 'org_qtph',
    title: 'Insulin initiation workshop',
    description: 'Hands-on basal insulin starts and titration, in a small group.',
    capacity: 2,
    certificatePrefix: 'QTMA-INS-2026',
    sessions: [{ id: 'trs_insulin_1', title: 'Basal insulin starts', scheduledAtMs: at('2026-06-10T09:00:00+08:00'), durationMinutes: 180, required: true }],
    createdAtMs: CREATED,
  },
];

function enrolment(id: string, courseId: string, practitionerId: string, organizationId: string, attended: string[]): TrainingEnrolmentRecord {
  const createdAtMs = at('2026-05-10T10:00:00+08:00');
  const attendance = attended.map((sessionId) => {
    const session = SEED_COURSES.flatMap((c) => c.sessions).find((s) => s.id === sessionId);
    return { sessionId, recordedAtMs: (session?.scheduledAtMs ?? createdAtMs) + 90 * 60_000 };
  });
  return {
    id,
    courseId,
    courseOrganizationId: 'org_qtph',
    practitionerId,
    organizationId,
    status: 'enrolled',
    attendance,
    certificateNumber: null,
    completedAtMs: null,
    createdAtMs,
    updatedAtMs: attendance[attendance.length - 1]?.recordedAtMs ?? createdAtMs,
  };
}

export const SEED_ENROLMENTS: readonly TrainingEnrolmentRecord[] = [
  enrolment('tre_fengyan_diabetes', 'trc_diabetes_management', 'prc_fengyan', 'org_xixi', ['trs_diabetes_1']),
  enrolment('tre_dengyu_diabetes', 'trc_diabetes_management', 'prc_dengyu', 'org_gongshu', ['trs_diabetes_1', 'trs_diabetes_2']),
  enrolment('tre_sunli_insulin', 'trc_insulin_workshop', 'prc_sunli', 'org_qtph', []),
  enrolment('tre_wanggang_insulin', 'trc_insulin_workshop', 'prc_wanggang', 'org_linan', []),
];

export function seedTraining(store: TrainingStore): void {
  for (const course of structuredClone(SEED_COURSES) as TrainingCourseRecord[]) store.addCourse(course);
  for (const record of structuredClone(SEED_ENROLMENTS) as TrainingEnrolmentRecord[]) store.addEnrolment(record);
}
