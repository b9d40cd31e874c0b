/**
 * Remote training: courses of an alliance lead for the alliance's members, enrolment, attendance
 * and completion. Tenancy, the rules of rules.ts and their effects. Every method is synchronous.
 *
 * Tenancy: a course is visible to the members of its alliance. An enrolment is visible to the
 * practitioner's organization and the organization running the course; attendance and completion
 * belong to the course's organization (the practitioner's gets 404 for them). The course's
 * organization may enrol any alliance member's practitioner; a member enrols its own.
 */
import type { EventType } from '../../engine/events.js';
import { notFound } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import type { TrainingCourseRecord, TrainingEnrolmentRecord } from './model.js';
import { assertAllianceMember, assertAttendable, assertEnrolled, assertNotEnrolled, assertPlaceLeft, assertRequirementsMet } from './rules.js';
import type { TrainingStore } from './store.js';

export class TrainingService {
  constructor(
    private readonly store: TrainingStore,
    private readonly services: PlatformServices,
  ) {}

  enrolledCount(courseId: string): number {
    return this.store.enrolledCount(courseId);
  }

  /** The courses of every alliance the caller belongs to. */
  listCourses(organizationId: string): TrainingCourseRecord[] {
    const alliances = new Set((this.services.directory.alliancesByOrganization.get(organizationId) ?? []).map((a) => a.id));
    return [...this.store.courses.values()].filter((course) => alliances.has(course.allianceId));
  }

  visibleCourse(organizationId: string, id: string): TrainingCourseRecord {
    const course = this.store.courses.get(id);
    const alliance = course && this.services.directory.alliances.get(course.allianceId);
    if (!course || !alliance?.members.some((member) => member.organizationId === organizationId)) throw notFound('training course', id);
    return course;
  }

  visibleEnrolment(organizationId: string, id: string): TrainingEnrolmentRecord {
    const enrolment = this.store.enrolments.get(id);
    if (!enrolment || (enrolment.organizationId !== organizationId && enrolment.courseOrganizationId !== organizationId)) throw notFound('training enrolment', id);
    return enrolment;
  }

  enrol(organizationId: string, courseId: string, practitionerId: string, nowMs: number): TrainingEnrolmentRecord {
    const course = this.visibleCourse(organizationId, courseId);
    const practitioner = this.services.directory.practitioners.get(practitionerId);
    if (!practitioner || (practitioner.organizationId !== organizationId && course.organizationId !== organizationId)) throw notFound('practitioner', practitionerId);
    assertAllianceMember(this.services.directory.alliances.get(course.allianceId), practitioner.organizationId, practitionerId);
    assertNotEnrolled(this.store.enrolmentOf(course.id, practitionerId), course, practitionerId);
    assertPlaceLeft(course, this.store.enrolledCount(course.id));
    const enrolment: TrainingEnrolmentRecord = {
      id: this.services.ids.next('tre'),
      courseId: course.id,
      courseOrganizationId: course.organizationId,
      practitionerId,
      organizationId: practitioner.organizationId,
      status: 'enrolled',
      attendance: [],
      certificateNumber: null,
      completedAtMs: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.store.addEnrolment(enrolment);
    this.emit('training_enrolment.created', enrolment, nowMs);
    return enrolment;
  }

  /** Attendance at a session already begun; recording it twice changes nothing. */
  recordAttendance(organizationId: string, id: string, sessionId: string, nowMs: number): TrainingEnrolmentRecord {
    const { enrolment, course } = this.runByCaller(organizationId, id);
    assertEnrolled(enrolment);
    assertAttendable(course, sessionId, nowMs);
    if (enrolment.attendance.some((a) => a.sessionId === sessionId)) return enrolment;
    enrolment.attendance.push({ sessionId, recordedAtMs: nowMs });
    enrolment.updatedAtMs = nowMs;
    this.emit('training_enrolment.attendance_recorded', enrolment, nowMs);
    return enrolment;
  }

  /** BR-TRN-1: completion, with its certificate number, once every required session was attended. */
  complete(organizationId: string, id: string, nowMs: number): TrainingEnrolmentRecord {
    const { enrolment, course } = this.runByCaller(organizationId, id);
    assertEnrolled(enrolment);
    assertRequirementsMet(course, enrolment);
    const sequence = this.store.completedCount(course.id) + 1;
    enrolment.status = 'completed';
    enrolment.certificateNumber = `${course.certificatePrefix}-${String(sequence).padStart(4, '0')}`;
    enrolment.completedAtMs = nowMs;
    enrolment.updatedAtMs = nowMs;
    this.emit('training_enrolment.completed', enrolment, nowMs);
    return enrolment;
  }

  /** An enrolment in a course the caller runs. */
  private runByCaller(organizationId: string, id: string): { enrolment: TrainingEnrolmentRecord; course: TrainingCourseRecord } {
    const enrolment = this.store.enrolments.get(id);
    const course = enrolment && this.store.courses.get(enrolment.courseId);
    if (!enrolment || !course || enrolment.courseOrganizationId !== organizationId) throw notFound('training enrolment', id);
    return { enrolment, course };
  }

  /** The practitioner's organization owns the enrolment; the course's organization sees every event too. */
  private emit(type: EventType, enrolment: TrainingEnrolmentRecord, atMs: number): void {
    this.services.events.emit(
      type,
      { object: 'training_enrolment', id: enrolment.id, status: enrolment.status, organizationId: enrolment.organizationId },
      atMs,
      [enrolment.courseOrganizationId],
    );
  }
}
