/** Courses and enrolments, indexed by course and by course and practitioner (one enrolment each). */
import { MultiIndex } from '../../engine/multi-index.js';
import type { TrainingCourseRecord, TrainingEnrolmentRecord } from './model.js';

export class TrainingStore {
  readonly courses = new Map<string, TrainingCourseRecord>();
  readonly enrolments = new Map<string, TrainingEnrolmentRecord>();
  readonly enrolmentsByCourse = new MultiIndex();
  private readonly byCourseAndPractitioner = new Map<string, string>();

  addCourse(course: TrainingCourseRecord): void {
    this.courses.set(course.id, course);
  }

  addEnrolment(enrolment: TrainingEnrolmentRecord): void {
    this.enrolments.set(enrolment.id, enrolment);
    this.enrolmentsByCourse.add(enrolment.courseId, enrolment.id);
    this.byCourseAndPractitioner.set(`${enrolment.courseId}|${enrolment.practitionerId}`, enrolment.id);
  }

  enrolmentOf(courseId: string, practitionerId: string): TrainingEnrolmentRecord | undefined {
    const id = this.byCourseAndPractitioner.get(`${courseId}|${practitionerId}`);
    return id === undefined ? undefined : this.enrolments.get(id);
  }

  enrolledCount(courseId: string): number {
    return this.enrolmentsByCourse.get(courseId).size;
  }

  completedCount(courseId: string): number {
    return [...this.enrolmentsByCourse.get(courseId)].filter((id) => this.enrolments.get(id)?.status === 'completed').length;
  }
}
