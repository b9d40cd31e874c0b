/**
 * The remote training rules (PLATFORM.md §12). Each rule is decided here and only here; the
 * service applies the effects. Comments and test names carry the rule ids.
 */
import { DomainError, invalidTransition, validationFailed } from '../../engine/problem.js';
import type { Alliance } from '../directory/model.js';
import type { TrainingCourseRecord, TrainingEnrolmentRecord } from './model.js';

/** Courses are for the members of the course's alliance. */
export function assertAllianceMember(alliance: Alliance | undefined, organizationId: string, practitionerId: string): void {
  if (!alliance?.members.some((member) => member.organizationId === organizationId)) {
    throw new DomainError(422, 'NOT_IN_ALLIANCE', `${practitionerId} works at ${organizationId}, which is not a member of ${alliance?.id ?? 'the course alliance'}.`);
  }
}

export function assertNotEnrolled(existing: TrainingEnrolmentRecord | undefined, course: TrainingCourseRecord, practitionerId: string): void {
  if (existing) throw new DomainError(409, 'ALREADY_ENROLLED', `${practitionerId} is already enrolled in ${course.id} (${existing.id}).`);
}

export function assertPlaceLeft(course: TrainingCourseRecord, enrolled: number): void {
  if (enrolled >= course.capacity) throw new DomainError(409, 'COURSE_FULL', `${course.id} has all ${course.capacity} places taken.`);
}

/** Attendance is recorded for a session of the course that has begun. */
export function assertAttendable(course: TrainingCourseRecord, sessionId: string, nowMs: number): void {
  const session = course.sessions.find((s) => s.id === sessionId);
  if (!session || session.scheduledAtMs > nowMs) {
    const message = session ? `${sessionId} has not started yet` : `no session ${sessionId} in ${course.id}`;
    throw validationFailed([{ pointer: '/body/sessionId', code: session ? 'not_started' : 'not_found', message }]);
  }
}

export function assertEnrolled(enrolment: TrainingEnrolmentRecord): void {
  if (enrolment.status !== 'enrolled') throw invalidTransition('training enrolment', enrolment.status, 'enrolled');
}

/** BR-TRN-1: a course completes only when every required session was attended. */
export function assertRequirementsMet(course: TrainingCourseRecord, enrolment: TrainingEnrolmentRecord): void {
  const attended = new Set(enrolment.attendance.map((a) => a.sessionId));
  const missing = course.sessions.filter((s) => s.required && !attended.has(s.id)).map((s) => s.id);
  if (missing.length > 0) {
    throw new DomainError(422, 'TRAINING_REQUIREMENTS_NOT_MET', `Required sessions not attended: ${missing.join(', ')} (BR-TRN-1).`);
  }
}
