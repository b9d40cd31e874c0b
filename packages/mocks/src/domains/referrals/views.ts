/** Records → the spec's Referral shape, with keys in the spec's order. */
import { formatLocal } from '../../engine/clock.js';
import type { ReferralRecord } from './model.js';

export function referralView(referral: ReferralRecord) {
  return {
    id: referral.id,
    direction: referral.direction,
    status: referral.status,
    patientId: referral.patientId,
    fromOrganizationId: referral.fromOrganizationId,
    toOrganizationId: referral.toOrganizationId,
    fromEncounterId: referral.fromEncounterId,
    toDepartmentId: referral.toDepartmentId,
    reason: referral.reason,
    condition: { icd10: referral.condition.icd10, display: referral.condition.display },
    documentIds: [...referral.documentIds],
    appointmentId: referral.appointmentId,
    feedbackDocumentId: referral.feedbackDocumentId,
    rejection: referral.rejection === null ? null : { reason: referral.rejection.reason },
    createdAt: formatLocal(referral.createdAtMs),
    updatedAt: formatLocal(referral.updatedAtMs),
  };
}
