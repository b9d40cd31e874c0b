/** Remote training records as stored (PLATFORM.md §12). Views (views.ts) turn them into the spec's shapes. */
export interface TrainingSessionRecord {
  id: string;
  title: string;
  scheduledAtMs: number;
  durationMinutes: number;
  /** Required sessions must all be attended to complete the course (BR-TRN-1). */
  required: boolean;
}

export interface TrainingCourseRecord {
  id: string;
  allianceId: string;
  /** The alliance lead that runs the course. */
  organizationId: string;
  title: string;
  description: string;
  capacity: number;
  /** Certificate numbers are this prefix and a sequence. */
  certificatePrefix: string;
  sessions: TrainingSessionRecord[];
  createdAtMs: number;
}

export type EnrolmentStatus = 'enrolled' | 'completed';

export interface TrainingEnrolmentRecord {
  id: string;
  courseId: string;
  courseOrganizationId: string;
  practitionerId: string;
  /** The practitioner's organization. */
  organizationId: string;
  status: EnrolmentStatus;
  attendance: { sessionId: string; recordedAtMs: number }[];
  certificateNumber: string | null;
  completedAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}
