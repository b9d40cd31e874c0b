/**
 * The referral rules (PLATFORM.md §5). Each rule is decided here and only here; the service
 * applies the effects. Comments and test names carry the rule ids.
 */
import { DomainError, invalidTransition, validationFailed } from '../../engine/problem.js';
import type { Organization } from '../directory/model.js';
import type { DocumentRecord } from '../records/model.js';
import type { ReferralDirection, ReferralRecord, ReferralStatus } from './model.js';

const LEVEL_RANK = { primary: 1, secondary: 2, tertiary: 3 } as const;

/** `up` goes to a higher-level institution, `down` to a lower one; anything else (or an unlevelled organization) is a bad direction. */
export function assertDirection(from: Organization, to: Organization, direction: ReferralDirection): void {
  const fromRank = from.level === undefined ? undefined : LEVEL_RANK[from.level];
  const toRank = to.level === undefined ? undefined : LEVEL_RANK[to.level];
  const fits = fromRank !== undefined && toRank !== undefined && (direction === 'up' ? toRank > fromRank : toRank < fromRank);
  if (!fits) {
    throw validationFailed([
      { pointer: '/body/direction', code: 'mismatch', message: `${from.id} (${from.level ?? 'no level'}) to ${to.id} (${to.level ?? 'no level'}) is not a referral ${direction}` },
    ]);
  }
}

/**
 * BR-REF-1: the loop closes only with feedback — a document of this patient held by the receiving
 * institution (a discharge summary, an outpatient record, a report).
 */
export function assertFeedbackDocument(referral: ReferralRecord, document: DocumentRecord | undefined, documentId: string | undefined): void {
  if (!document || document.patientId !== referral.patientId || document.organizationId !== referral.toOrganizationId) {
    const named = documentId === undefined ? 'No feedback document was named' : `${documentId} is not a document of this patient held by ${referral.toOrganizationId}`;
    throw new DomainError(422, 'REFERRAL_FEEDBACK_REQUIRED', `${named}: a referral completes with the receiver's feedback document (BR-REF-1).`);
  }
}

/** The referral state machine: which states each action starts from. */
const ALLOWED_FROM = {
  receive: ['requested'],
  accept: ['received'],
  reject: ['received'],
  start: ['accepted'],
  complete: ['in-progress'],
  cancel: ['requested', 'received', 'accepted'],
} as const satisfies Record<string, readonly ReferralStatus[]>;

export type ReferralAction = keyof typeof ALLOWED_FROM;

export function assertTransition(referral: ReferralRecord, action: ReferralAction): void {
  const allowed: readonly ReferralStatus[] = ALLOWED_FROM[action];
  if (!allowed.includes(referral.status)) {
    const needed = allowed.length === 1 ? (allowed[0] ?? '') : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1] ?? ''}`;
    throw invalidTransition('referral', referral.status, needed);
  }
}
