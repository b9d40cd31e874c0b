export { ApiPromise, type ApiFailure, type ApiResult, type ApiSuccess } from './api-promise.js';
export type { AccessTokenAuth, AuthOptions, ClientCredentialsAuth, TokenProviderAuth } from './auth.js';
export {
  createCareloop,
  createCareloopClient,
  defineOperation,
  DEFAULT_BASE_URL,
  RUNTIME,
  type CareloopBase,
  type CareloopClient,
  type CareloopClientOptions,
  type OperationFunction,
  type ResourceTable,
} from './client.js';
export {
  AbortError,
  ApiError,
  AuthenticationError,
  BadGatewayError,
  BadRequestError,
  CareloopError,
  ConflictError,
  ConnectionError,
  GatewayTimeoutError,
  InternalServerError,
  isRetryableStatus,
  NotFoundError,
  parseRetryAfter,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
  ServiceUnavailableError,
  TimeoutError,
  UnprocessableEntityError,
  UnsupportedMediaTypeError,
  type ApiErrorInit,
  type CareloopErrorOptions,
  type FieldError,
  type Problem,
} from './errors.js';
export { createLogger, type CareloopLogger, type Logger, type LoggerOptions, type LogLevel, type ObservabilityHooks, type RequestEvent, type ResponseEvent, type RetryEvent } from './log.js';
export type { Handler, Middleware, Next } from './middleware.js';
export type { OperationRuntime } from './operation.js';
export type { Draft, Received, Send } from './pipeline.js';
export { allocateFen, fenToYuan, formatFen, percentOfFen, yuanToFen, type FormatFenOptions, type YuanRounding } from './money.js';
export { PagePromise, type CursorPage } from './pagination.js';
export { newIdempotencyKey } from './pipeline.js';
export { REDACTED, redactBody, redactHeaders, redactText, redactUrl } from './redact.js';
export {
  backoffDelay,
  decideRetry,
  type AttemptOutcome,
  type NoRetryReason,
  type RetryBackoff,
  type RetryDecision,
  type RetryInput,
} from './retry.js';
export type { Fetch, OperationDefinition, RequestContext, RequestOptions, ResolvedOperation, RetryOptions } from './types.js';
export {
  isValidMobile,
  isValidResidentId,
  maskMobile,
  maskResidentId,
  normalizeMobile,
  parseResidentId,
  residentIdCheckCharacter,
  type ResidentIdOptions,
  type ResidentIdParts,
} from './identifiers.js';
export {
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  WebhookVerificationError,
  type SignedWebhookHeaders,
  type SignWebhookOptions,
  type VerifyWebhookOptions,
  type WebhookBody,
  type WebhookHeaders,
  type WebhookVerificationErrorCode,
} from './webhooks.js';
