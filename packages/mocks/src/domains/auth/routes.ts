/** POST /v1/oauth/token: client credentials for organizations, mobile one-time code for patients. */
import type { Caller, TokenStore } from '../../engine/auth.js';
import type { RouteTable } from '../../engine/context.js';
import type { IdFactory } from '../../engine/ids.js';
import { DomainError, validationFailed, type FieldError } from '../../engine/problem.js';
import { PATIENT_SCOPES, type SandboxClient } from './clients.js';
import { SANDBOX_OTP, type PatientRegistry } from './patients.js';

export const TOKEN_LIFETIME_SECONDS = 7200;
export const MOBILE_OTP_GRANT = 'urn:careloop:grant-type:mobile-otp';
const SUPPORTED_GRANTS = ['client_credentials', MOBILE_OTP_GRANT];

interface TokenRequest {
  grant_type: string;
  client_id?: string;
  client_secret?: string;
  scope?: string;
  mobile?: string;
  otp?: string;
}

/**
 * Runs before schema validation: an unknown `grant_type` is the OAuth error
 * UNSUPPORTED_GRANT_TYPE rather than an enum violation.
 */
export function checkGrantType(body: unknown): void {
  const grantType = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['grant_type'] : undefined;
  if (typeof grantType === 'string' && !SUPPORTED_GRANTS.includes(grantType)) {
    throw new DomainError(400, 'UNSUPPORTED_GRANT_TYPE', `grant_type must be client_credentials or ${MOBILE_OTP_GRANT}.`, {
      errors: [{ pointer: '/body/grant_type', code: 'enum', message: `must be client_credentials or ${MOBILE_OTP_GRANT}` }],
    });
  }
}

/** The requested scopes (deduplicated, in the order asked), or all allowed when none were asked. */
function grantScopes(requested: string | undefined, allowed: readonly string[], who: string): string[] {
  if (requested === undefined || requested.trim() === '') return [...allowed];
  const scopes = [...new Set(requested.trim().split(/\s+/))];
  const refused = scopes.find((scope) => !allowed.includes(scope));
  if (refused !== undefined) throw new DomainError(400, 'INVALID_SCOPE', `${who} may not have the scope ${refused}.`);
  return scopes;
}

function missing(body: TokenRequest, fields: (keyof TokenRequest)[]): FieldError[] {
  return fields.filter((field) => body[field] === undefined).map((field) => ({ pointer: `/body/${field}`, code: 'required', message: 'is required' }));
}

export function authRoutes(deps: { clients: () => SandboxClient[]; patients: PatientRegistry; tokens: TokenStore; ids: IdFactory }): RouteTable {
  const issue = (caller: Caller, scopes: string[], nowMs: number, patientId?: string) => {
    const token = deps.ids.next('tok', 24);
    deps.tokens.add({ token, caller, expiresAtMs: nowMs + TOKEN_LIFETIME_SECONDS * 1000 });
    return {
      status: 200,
      body: {
        access_token: token,
        token_type: 'Bearer',
        expires_in: TOKEN_LIFETIME_SECONDS,
        scope: scopes.join(' '),
        ...(patientId === undefined ? {} : { patient_id: patientId }),
      },
    };
  };

  return {
    createToken({ body: rawBody, nowMs }) {
      const body = rawBody as TokenRequest;
      if (body.grant_type === 'client_credentials') {
        const absent = missing(body, ['client_id', 'client_secret']);
        if (absent.length > 0) throw validationFailed(absent);
        const client = deps.clients().find((c) => c.clientId === body.client_id);
        if (!client || client.clientSecret !== body.client_secret) {
          throw new DomainError(401, 'INVALID_CLIENT', 'Unknown client_id or wrong client_secret.');
        }
        const scopes = grantScopes(body.scope, client.scopes, 'This client');
        const caller: Caller = { kind: 'organization', subject: client.organizationId, organizationId: client.organizationId, scopes };
        return issue(caller, scopes, nowMs);
      }
      const absent = missing(body, ['mobile', 'otp']);
      if (absent.length > 0) throw validationFailed(absent);
      if (body.otp !== SANDBOX_OTP) throw new DomainError(400, 'INVALID_GRANT', 'The one-time code is wrong or expired.');
      const scopes = grantScopes(body.scope, PATIENT_SCOPES, 'A patient');
      const patient = deps.patients.findOrCreateByMobile(body.mobile ?? '', deps.ids);
      const caller: Caller = { kind: 'patient', subject: patient.id, patientId: patient.id, scopes };
      return issue(caller, scopes, nowMs, patient.id);
    },
  };
}
