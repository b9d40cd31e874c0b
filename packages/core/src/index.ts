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
export {
  allocateFen,
  fenToYuan,
  formatFen,
  percentOfFen,
  yuanToFen,
  type FormatFenOptions,
  type YuanRounding,
} from './money.js';
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
