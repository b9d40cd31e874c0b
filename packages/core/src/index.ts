export { ApiPromise, type ApiFailure, type ApiResult, type ApiSuccess } from './api-promise.js';
export type { AccessTokenAuth, AuthOptions, ClientCredentialsAuth, TokenProviderAuth } from './auth.js';
export {
  createCareloopClient,
  DEFAULT_BASE_URL,
  type CareloopClient,
  type CareloopClientOptions,
  type GeneratedClientTables,
} from './client.js';
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  CareloopError,
  ConflictError,
  ConnectionError,
  GatewayTimeoutError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UnprocessableEntityError,
  UnsupportedMediaTypeError,
  type ApiErrorInit,
  type CareloopErrorOptions,
  type FieldError,
  type Problem,
} from './errors.js';
export type { Middleware, Next } from './middleware.js';
export { allocateFen, fenToYuan, percentOfFen, yuanToFen, type YuanRounding } from './money.js';
export { PagePromise, type CursorPage } from './pagination.js';
export type {
  Fetch,
  OperationDefinition,
  OperationTable,
  RequestContext,
  RequestOptions,
  ResourceTable,
} from './types.js';
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
