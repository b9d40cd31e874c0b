/** Referral records as stored (PLATFORM.md §5). Views (views.ts) turn them into the spec's shapes. */
import type { CodedCondition } from '../encounters/model.js';

export type ReferralDirection = 'up' | 'down';
export type ReferralStatus = 'requested' | 'received' | 'accepted' | 'rejected' | 'in-progress' | 'completed' | 'cancelled';

export interface ReferralRecord {
  id: string;
  direction: ReferralDirection;
  status: ReferralStatus;
  patientId: string;
  fromOrganizationId: string;
  toOrganizationId: string;
  fromEncounterId: string;
  toDepartmentId: string;
  reason: string;
  condition: CodedCondition;
  documentIds: string[];
  /** The appointment booked from a slot's referral quota at acceptance. */
  appointmentId: string | null;
  feedbackDocumentId: string | null;
  rejection: { reason: string } | null;
  createdAtMs: number;
  updatedAtMs: number;
}
