/** Training operations, keyed by operationId: read the request, call the service, shape the answer. */
import { organizationOnly, page, pathParam, type RouteTable } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { TrainingService } from './service.js';
import { trainingCourseView, trainingEnrolmentView } from './views.js';

export function trainingRoutes(service: TrainingService): RouteTable {
  const courseView = (course: Parameters<typeof trainingCourseView>[0]) => trainingCourseView(course, service.enrolledCount(course.id));
  return {
    listTrainingCourses(context) {
      // Oldest first; ties by id.
      const body = paginate(service.listCourses(organizationOnly(context)), { keyOf: (c) => [c.createdAtMs, c.id], view: courseView, ...page(context) });
      return { status: 200, body };
    },

    getTrainingCourse(context) {
      return { status: 200, body: courseView(service.visibleCourse(organizationOnly(context), pathParam(context, 'courseId'))) };
    },

    enrolInTrainingCourse(context) {
      const { practitionerId } = context.body as { practitionerId: string };
      const enrolment = service.enrol(organizationOnly(context), pathParam(context, 'courseId'), practitionerId, context.nowMs);
      return { status: 201, body: trainingEnrolmentView(enrolment) };
    },

    getTrainingEnrolment(context) {
      return { status: 200, body: trainingEnrolmentView(service.visibleEnrolment(organizationOnly(context), pathParam(context, 'enrolmentId'))) };
    },

    recordTrainingAttendance(context) {
      const { sessionId } = context.body as { sessionId: string };
      const enrolment = service.recordAttendance(organizationOnly(context), pathParam(context, 'enrolmentId'), sessionId, context.nowMs);
      return { status: 200, body: trainingEnrolmentView(enrolment) };
    },

    completeTrainingEnrolment(context) {
      return { status: 200, body: trainingEnrolmentView(service.complete(organizationOnly(context), pathParam(context, 'enrolmentId'), context.nowMs)) };
    },
  };
}
