/** Records → the spec's TrainingCourse and TrainingEnrolment shapes, with keys in the spec's order. */
import { formatLocal } from '../../engine/clock.js';
import type { TrainingCourseRecord, TrainingEnrolmentRecord } from './model.js';

export function trainingCourseView(course: TrainingCourseRecord, enrolled: number) {
  return {
    id: course.id,
    allianceId: course.allianceId,
    organizationId: course.organizationId,
    title: course.title,
    description: course.description,
    capacity: course.capacity,
    enrolled,
    sessions: course.sessions.map((session) => ({
      id: session.id,
      title: session.title,
      scheduledAt: formatLocal(session.scheduledAtMs),
      durationMinutes: session.durationMinutes,
      required: session.required,
    })),
    createdAt: formatLocal(course.createdAtMs),
  };
}

export function trainingEnrolmentView(enrolment: TrainingEnrolmentRecord) {
  return {
    id: enrolment.id,
    courseId: enrolment.courseId,
    courseOrganizationId: enrolment.courseOrganizationId,
    practitionerId: enrolment.practitionerId,
    organizationId: enrolment.organizationId,
    status: enrolment.status,
    attendance: enrolment.attendance.map((a) => ({ sessionId: a.sessionId, recordedAt: formatLocal(a.recordedAtMs) })),
    certificateNumber: enrolment.certificateNumber,
    completedAt: enrolment.completedAtMs === null ? null : formatLocal(enrolment.completedAtMs),
    createdAt: formatLocal(enrolment.createdAtMs),
    updatedAt: formatLocal(enrolment.updatedAtMs),
  };
}
