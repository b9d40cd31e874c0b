/**
 * Seeded chronic care: diabetes and hypertension programmes at Jiuzhou and Xixi, and Lina in
 * Jiuzhou's diabetes programme with a recent glucose reading and her scheduled follow-up due tomorrow.
 */
import type { TimerQueue } from '../../engine/timers.js';
import type { ProgrammeRecord } from './model.js';
import { FOLLOW_UP_DUE_TIMER } from './service.js';
import type { ChronicCareStore } from './store.js';

const at = (iso: string) => Date.parse(iso);
const LINA_ENROLLED = at('2026-05-03T08:00:00+08:00');

const PROGRAMMES: ProgrammeRecord[] = [
  { id: 'prg_jiuzhou_diabetes', organizationId: 'org_jiuzhou', condition: 'diabetes', name: 'Jiuzhou diabetes care', measurementTypes: ['glucose', 'hba1c'], followUpIntervalDays: 30 },
  { id: 'prg_jiuzhou_hypertension', organizationId: 'org_jiuzhou', condition: 'hypertension', name: 'Jiuzhou blood-pressure care', measurementTypes: ['blood-pressure'], followUpIntervalDays: 30 },
  { id: 'prg_xixi_diabetes', organizationId: 'org_xixi', condition: 'diabetes', name: 'Xixi community diabetes management', measurementTypes: ['glucose', 'hba1c', 'blood-pressure'], followUpIntervalDays: 30 },
  { id: 'prg_xixi_hypertension', organizationId: 'org_xixi', condition: 'hypertension', name: 'Xixi community hypertension management', measurementTypes: ['blood-pressure'], followUpIntervalDays: 30 },
];

export function seedChronicCare(store: ChronicCareStore, timers: TimerQueue): void {
  for (const programme of PROGRAMMES) store.addProgramme({ ...programme, measurementTypes: [...programme.measurementTypes] });
  store.addEnrolment({
    id: 'cen_lina_jiuzhou_diabetes',
    programmeId: 'prg_jiuzhou_diabetes',
    organizationId: 'org_jiuzhou',
    patientId: 'pat_lina',
    condition: 'diabetes',
    status: 'active',
    enrolledAtMs: LINA_ENROLLED,
    withdrawnAtMs: null,
    updatedAtMs: LINA_ENROLLED,
  });
  store.addMeasurement({
    id: 'msr_lina_glucose_0528',
    enrolmentId: 'cen_lina_jiuzhou_diabetes',
    organizationId: 'org_jiuzhou',
    patientId: 'pat_lina',
    reading: { type: 'glucose', value: 6.8 },
    outOfRange: false,
    measuredAtMs: at('2026-05-28T07:30:00+08:00'),
    recordedBy: 'patient',
    followUpTaskId: null,
    createdAtMs: at('2026-05-28T07:35:00+08:00'),
  });
  const task = {
    id: 'fut_lina_diabetes_0602',
    enrolmentId: 'cen_lina_jiuzhou_diabetes',
    organizationId: 'org_jiuzhou',
    patientId: 'pat_lina',
    reason: 'scheduled' as const,
    measurementId: null,
    status: 'open' as const,
    dueAtMs: at('2026-06-02T08:00:00+08:00'),
    completedAtMs: null,
    note: null,
    createdAtMs: LINA_ENROLLED,
  };
  store.addTask(task);
  timers.schedule({ atMs: task.dueAtMs, kind: FOLLOW_UP_DUE_TIMER, target: task.id });
}
