/** Records → the spec's chronic-care shapes, with keys in the spec's order. */
import { formatLocal } from '../../engine/clock.js';
import type { EnrolmentRecord, FollowUpTaskRecord, MeasurementRecord, ProgrammeRecord } from './model.js';
import { UNIT_OF } from './rules.js';

const timeOrNull = (ms: number | null) => (ms === null ? null : formatLocal(ms));

export function programmeView(programme: ProgrammeRecord) {
  return {
    id: programme.id,
    organizationId: programme.organizationId,
    condition: programme.condition,
    name: programme.name,
    measurementTypes: [...programme.measurementTypes],
    followUpIntervalDays: programme.followUpIntervalDays,
  };
}

export function enrolmentView(enrolment: EnrolmentRecord) {
  return {
    id: enrolment.id,
    programmeId: enrolment.programmeId,
    organizationId: enrolment.organizationId,
    patientId: enrolment.patientId,
    condition: enrolment.condition,
    status: enrolment.status,
    enrolledAt: formatLocal(enrolment.enrolledAtMs),
    withdrawnAt: timeOrNull(enrolment.withdrawnAtMs),
    updatedAt: formatLocal(enrolment.updatedAtMs),
  };
}

export function measurementView(measurement: MeasurementRecord) {
  const { reading } = measurement;
  const bloodPressure = reading.type === 'blood-pressure';
  return {
    id: measurement.id,
    enrolmentId: measurement.enrolmentId,
    organizationId: measurement.organizationId,
    patientId: measurement.patientId,
    type: reading.type,
    value: bloodPressure ? null : reading.value,
    systolic: bloodPressure ? reading.systolic : null,
    diastolic: bloodPressure ? reading.diastolic : null,
    unit: UNIT_OF[reading.type],
    outOfRange: measurement.outOfRange,
    measuredAt: formatLocal(measurement.measuredAtMs),
    recordedBy: measurement.recordedBy,
    followUpTaskId: measurement.followUpTaskId,
    createdAt: formatLocal(measurement.createdAtMs),
  };
}

export function taskView(task: FollowUpTaskRecord) {
  return {
    id: task.id,
    enrolmentId: task.enrolmentId,
    organizationId: task.organizationId,
    patientId: task.patientId,
    reason: task.reason,
    measurementId: task.measurementId,
    status: task.status,
    dueAt: formatLocal(task.dueAtMs),
    completedAt: timeOrNull(task.completedAtMs),
    note: task.note,
    createdAt: formatLocal(task.createdAtMs),
  };
}
