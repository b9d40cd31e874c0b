/** RFC 9457 problem details and the error every rule throws. */

/**
 * Every error code the platform answers with, and its problem title. The spec's ErrorCode enum
 * lists the same codes (a test keeps the two equal). One code a line, so domains add theirs apart.
 */
export const ERROR_TITLES = {
  VALIDATION_FAILED: 'Request validation failed',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  UNAUTHENTICATED: 'Authentication required',
  TOKEN_EXPIRED: 'Access token expired',
  INSUFFICIENT_SCOPE: 'Insufficient scope',
  NOT_FOUND: 'Resource not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  INVALID_CLIENT: 'Invalid client',
  INVALID_GRANT: 'Invalid grant',
  INVALID_SCOPE: 'Invalid scope',
  UNSUPPORTED_GRANT_TYPE: 'Unsupported grant type',
  INVALID_STATE_TRANSITION: 'Invalid state transition',
  SLOT_UNAVAILABLE: 'Slot unavailable',
  SLOT_AVAILABLE: 'Slot has numbers',
  SCHEDULE_SUSPENDED: 'Schedule suspended',
  SCHEDULE_CONFLICT: 'Schedule conflict',
  DUPLICATE_BOOKING: 'Duplicate booking',
  REFUND_CUTOFF_PASSED: 'Refund cut-off passed',
  RELEASE_BELOW_TAKEN: 'Release below taken',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused',
  IDEMPOTENCY_IN_PROGRESS: 'Idempotent request in progress',
  RATE_LIMITED: 'Too many requests',
  INTERNAL_ERROR: 'Internal error',
  CONNECTOR_OFFLINE: 'Connector offline',
  UPSTREAM_TIMEOUT: 'Upstream timeout',
  CONNECTOR_OPERATION_NOT_ALLOWED: 'Connector operation not allowed',
  FIRST_VISIT_NOT_ALLOWED: 'First visit not allowed online',
  PRACTITIONER_NOT_VERIFIED: 'Practitioner not verified',
  ENCOUNTER_NOT_ACTIVE: 'Encounter not active',
  CONSULTATION_ORDER_FORBIDDEN: 'Consultation cannot order',
  NOT_IN_ALLIANCE: 'Not in a shared alliance',
  REFERRAL_FEEDBACK_REQUIRED: 'Referral feedback required',
  CONSENT_REQUIRED: 'Consent required',
  CONSENT_ALREADY_ACTIVE: 'Consent already active',
  AI_GENERATED_PRESCRIPTION_FORBIDDEN: 'AI-generated prescription forbidden',
  PRESCRIBER_NOT_CONSULTING: 'Prescriber is not the consulting doctor',
  PRESCRIPTION_NOT_SIGNED: 'Prescription not signed',
  PRESCRIPTION_REVIEW_REQUIRED: 'Pharmacist review required',
  CONTROLLED_DRUG_ONLINE_FORBIDDEN: 'Controlled drug not allowed online',
  GUARDIAN_REQUIRED: 'Guardian required',
  PRESCRIPTION_EXPIRED: 'Prescription expired',
  QUANTITY_LIMIT_EXCEEDED: 'Quantity limit exceeded',
  PRESCRIPTION_ALREADY_USED: 'Prescription already used',
  DRUG_ONLINE_SALE_PROHIBITED: 'Drug online sale prohibited',
  PHARMACIST_REQUIRED: 'Pharmacist required',
  INSUFFICIENT_STOCK: 'Insufficient stock',
  DISPENSE_EXCEEDS_PRESCRIBED: 'Dispense exceeds prescription',
  ALREADY_ENROLLED: 'Already enrolled',
  COVERAGE_NOT_ACTIVE: 'Coverage not active',
  DUPLICATE_CLAIM_LINE: 'Order line already claimed',
  AMOUNT_MISMATCH: 'Amount mismatch',
  REFUND_EXCEEDS_PAID: 'Refund exceeds paid',
  PAYMENT_EXPIRED: 'Payment expired',
  ORDER_ALREADY_PAID: 'Order already paid',
  CAMPAIGN_CLOSED: 'Campaign closed',
  INSUFFICIENT_POINTS: 'Insufficient points',
  AI_SUGGESTION_NOT_SIGNED: 'AI suggestion not signed',
  COURSE_FULL: 'Course full',
  TRAINING_REQUIREMENTS_NOT_MET: 'Training requirements not met',
  NATIONAL_INSURANCE_CASH_UNPAID: 'National insurance cash share unpaid',
  WEBHOOK_CHALLENGE_FAILED: 'Webhook challenge failed',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_TITLES;

/** Every error code, in declaration order. */
export const ERROR_CODES = Object.keys(ERROR_TITLES) as ErrorCode[];

/** One bad field of a request; `pointer` is rooted at the request part (`/body/...`, `/query/limit`). */
export interface FieldError {
  pointer: string;
  code: string;
  message: string;
}

export interface ProblemExtras {
  errors?: FieldError[];
  currentState?: string;
  headers?: Record<string, string>;
}

/** A rule said no. The engine turns it into problem+json; handlers throw it and never build responses for errors. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: ProblemExtras = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'DomainError';
  }
}

/** A 400 VALIDATION_FAILED naming the given fields. */
export function validationFailed(errors: FieldError[]): DomainError {
  const detail = errors.length === 1 ? '1 field failed validation.' : `${errors.length} fields failed validation.`;
  return new DomainError(400, 'VALIDATION_FAILED', detail, { errors });
}

export function notFound(kind: string, id: string): DomainError {
  return new DomainError(404, 'NOT_FOUND', `No ${kind} ${id} is visible to this caller.`);
}

export function invalidTransition(kind: string, currentState: string, needed: string): DomainError {
  return new DomainError(
    409,
    'INVALID_STATE_TRANSITION',
    `The ${kind} is ${currentState}; this action needs it to be ${needed}.`,
    { currentState },
  );
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  instance: string;
  errors?: FieldError[];
  currentState?: string;
}

/** Builds the body in a fixed key order, so problem responses serialise byte-identically. */
export function problemBody(error: DomainError, requestId: string, instance: string): ProblemBody {
  const body: ProblemBody = {
    type: `https://docs.careloop.dev/errors/${error.code}`,
    title: ERROR_TITLES[error.code],
    status: error.status,
    detail: error.detail,
    code: error.code,
    requestId,
    instance,
  };
  if (error.extra.errors) body.errors = error.extra.errors;
  if (error.extra.currentState !== undefined) body.currentState = error.extra.currentState;
  return body;
}
