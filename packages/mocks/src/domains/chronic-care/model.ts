/** Chronic-care records as stored (PLATFORM.md §8). Views (views.ts) turn them into the spec's shapes. */

export type ProgrammeCondition = 'diabetes' | 'hypertension';
export type MeasurementType = 'glucose' | 'blood-pressure' | 'hba1c';
export type EnrolmentStatus = 'active' | 'withdrawn';
export type FollowUpTaskReason = 'scheduled' | 'out-of-range-measurement';

export interface ProgrammeRecord {
  id: string;
  organizationId: string;
  condition: ProgrammeCondition;
  name: string;
  measurementTypes: MeasurementType[];
  followUpIntervalDays: number;
}

export interface EnrolmentRecord {
  id: string;
  programmeId: string;
  organizationId: string;
  patientId: string;
  condition: ProgrammeCondition;
  status: EnrolmentStatus;
  enrolledAtMs: number;
  withdrawnAtMs: number | null;
  updatedAtMs: number;
}

/** A reading as given: glucose and HbA1c in `value`, blood pressure in systolic/diastolic. */
export type Reading = { type: 'glucose' | 'hba1c'; value: number } | { type: 'blood-pressure'; systolic: number; diastolic: number };

export interface MeasurementRecord {
  id: string;
  enrolmentId: string;
  organizationId: string;
  patientId: string;
  reading: Reading;
  outOfRange: boolean;
  measuredAtMs: number;
  recordedBy: 'patient' | 'organization';
  followUpTaskId: string | null;
  createdAtMs: number;
}

export interface FollowUpTaskRecord {
  id: string;
  enrolmentId: string;
  organizationId: string;
  patientId: string;
  reason: FollowUpTaskReason;
  measurementId: string | null;
  status: 'open' | 'completed';
  dueAtMs: number;
  completedAtMs: number | null;
  note: string | null;
  createdAtMs: number;
}
