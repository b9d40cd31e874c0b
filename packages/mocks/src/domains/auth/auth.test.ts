import { describe, expect, it } from 'vitest';
import { call, testPlatform, MOBILE } from '../../../test/helpers.js';
import bundle from '../../generated/openapi.json' with { type: 'json' };
import { HOSPITAL_SCOPES, INSURER_SCOPES, PATIENT_SCOPES } from './clients.js';

const form = (fields: Record<string, string>) => ({ rawBody: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' });

describe('POST /v1/oauth/token', () => {
  it('issues client-credentials tokens with all of the audience scopes by default', async () => {
    const platform = testPlatform();
    const hospital = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'client_credentials', client_id: 'cli_qtph', client_secret: 'sk_sandbox_qtph' }));
    expect(hospital.status).toBe(200);
    expect(hospital.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 7200,
      scope: HOSPITAL_SCOPES.join(' '),
    });
    expect(HOSPITAL_SCOPES).toContain('schedules:write');
    expect(hospital.body.access_token).toMatch(/^tok_[0-9a-z]{24}$/);
    expect(hospital.body.patient_id).toBeUndefined();
    const insurer = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'client_credentials', client_id: 'cli_anxin', client_secret: 'sk_sandbox_anxin' }));
    expect(insurer.body.scope).toBe(INSURER_SCOPES.join(' '));
  });

  it('grants a requested subset of scopes and refuses others with 400 INVALID_SCOPE', async () => {
    const platform = testPlatform();
    const subset = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'client_credentials', client_id: 'cli_qtph', client_secret: 'sk_sandbox_qtph', scope: 'schedules:read appointments:read' }));
    expect(subset.body.scope).toBe('schedules:read appointments:read');
    const refused = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'client_credentials', client_id: 'cli_jiuzhou', client_secret: 'sk_sandbox_jiuzhou', scope: 'schedules:write' }));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'INVALID_SCOPE', detail: 'This client may not have the scope schedules:write.' });
  });

  it('refuses a wrong secret or unknown client with 401 INVALID_CLIENT', async () => {
    const platform = testPlatform();
    const wrong = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'client_credentials', client_id: 'cli_qtph', client_secret: 'sk_sandbox_linan' }));
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CLIENT');
    const unknown = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'client_credentials', client_id: 'cli_nobody', client_secret: 'x' }));
    expect(unknown.body.code).toBe('INVALID_CLIENT');
  });

  it('logs a known patient in with the sandbox code and returns patient_id', async () => {
    const platform = testPlatform();
    const result = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: MOBILE.lina, otp: '123456' }));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ patient_id: 'pat_lina', scope: PATIENT_SCOPES.join(' ') });
    expect(PATIENT_SCOPES).toContain('prescriptions:write');
  });

  it("lists the patient token's scopes in the spec, exactly", () => {
    const schemes = (bundle as unknown as { components: { securitySchemes: Record<string, { description: string }> } }).components.securitySchemes;
    const listed = /`([^`]+)`\.$/.exec(schemes['patientToken']?.description ?? '')?.[1]?.split(/\s+/);
    // The same set; the code's list grows at its end (append-only), the spec's reads by resource.
    expect([...(listed ?? [])].sort()).toEqual([...PATIENT_SCOPES].sort());
  });

  it('creates a patient on the first login of an unknown mobile, and finds it again after', async () => {
    const platform = testPlatform();
    const first = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: '13911112222', otp: '123456' }));
    const again = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: '13911112222', otp: '123456' }));
    expect(first.body.patient_id).toMatch(/^pat_[0-9a-z]{10}$/);
    expect(again.body.patient_id).toBe(first.body.patient_id);
    expect(again.body.access_token).not.toBe(first.body.access_token);
  });

  it('refuses a wrong one-time code with 400 INVALID_GRANT and creates nobody', async () => {
    const platform = testPlatform();
    const before = platform.digest();
    const result = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: '13911112222', otp: '654321' }));
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('INVALID_GRANT');
    expect(platform.digest()).toBe(before);
  });

  it('answers other grant types with 400 UNSUPPORTED_GRANT_TYPE', async () => {
    const platform = testPlatform();
    const result = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'password', username: 'a', password: 'b' }));
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('UNSUPPORTED_GRANT_TYPE');
    expect(result.body.errors).toEqual([expect.objectContaining({ pointer: '/body/grant_type', code: 'enum' })]);
  });

  it('validates the form fields and names the missing ones', async () => {
    const platform = testPlatform();
    const badMobile = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: '12345', otp: '123456' }));
    expect(badMobile.body.errors).toEqual([{ pointer: '/body/mobile', code: 'pattern', message: 'must match pattern "^1[3-9]\\d{9}$"' }]);
    const missing = await call(platform, 'POST', '/v1/oauth/token', form({ grant_type: 'client_credentials' }));
    expect(missing.body.errors).toEqual([
      { pointer: '/body/client_id', code: 'required', message: 'is required' },
      { pointer: '/body/client_secret', code: 'required', message: 'is required' },
    ]);
    const json = await call(platform, 'POST', '/v1/oauth/token', { body: { grant_type: 'client_credentials' } });
    expect(json.status).toBe(415);
  });

  it('lists the sandbox credentials of every organization and the named patients', () => {
    const { sandbox } = testPlatform();
    expect(sandbox.clients).toHaveLength(11);
    expect(sandbox.clients.find((c) => c.organizationId === 'org_qtph')).toMatchObject({ audience: 'hospital', clientId: 'cli_qtph', clientSecret: 'sk_sandbox_qtph' });
    expect(sandbox.clients.find((c) => c.organizationId === 'org_huadong')?.audience).toBe('manufacturer');
    expect(sandbox.patients.map((p) => p.patientId)).toEqual(['pat_lina', 'pat_wangfang', 'pat_chenjian', 'pat_zhaolei']);
  });
});
