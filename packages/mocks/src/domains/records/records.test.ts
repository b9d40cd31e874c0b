import { describe, expect, it } from 'vitest';
import { call, orgToken, patientLogin, testPlatform, MOBILE } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';

async function world() {
  const platform = testPlatform();
  return {
    platform,
    qtph: await orgToken(platform, 'qtph'),
    qtih: await orgToken(platform, 'qtih'),
    linan: await orgToken(platform, 'linan'),
    jiuzhou: await orgToken(platform, 'jiuzhou'),
    lina: (await patientLogin(platform, MOBILE.lina)).token,
    wangfang: (await patientLogin(platform, MOBILE.wangfang)).token,
    zhaolei: (await patientLogin(platform, MOBILE.zhaolei)).token,
  };
}

const post = (platform: MockPlatform, path: string, token: string, body?: unknown) =>
  call(platform, 'POST', path, { token, ...(body === undefined ? {} : { body }) });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });
const ids = (body: { data: { id: string }[] }) => body.data.map((item) => item.id);
const audit = async (platform: MockPlatform, token: string, query = '') =>
  (await get(platform, `/v1/audit-events${query}`, token)).body.data as Record<string, unknown>[];

describe('BR-REC-1: reading records across institutions', () => {
  it('BR-REC-1: the internet hospital reads Li Na’s record with her consent, audited; after she revokes it, CONSENT_REQUIRED', async () => {
    const { platform, qtih, lina } = await world();
    const read = await get(platform, '/v1/documents/doc_lina_20251118?practitionerId=prc_qianhui', qtih);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ organizationId: 'org_qtph', diagnoses: [{ icd10: 'E11.9' }] });
    // The patient sees who read what, for which purpose, relying on which consent.
    expect(await audit(platform, lina)).toEqual([
      {
        id: 'aud_00000001',
        action: 'read',
        patientId: 'pat_lina',
        organizationId: 'org_qtih',
        practitionerId: 'prc_qianhui',
        resourceType: 'document',
        resourceId: 'doc_lina_20251118',
        purpose: 'treatment',
        consentId: 'cns_lina_treatment',
        occurredAt: '2026-06-01T08:00:00+08:00',
      },
    ]);

    const revoked = await post(platform, '/v1/consents/cns_lina_treatment/revoke', lina);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: '2026-06-01T08:00:00+08:00' });
    const refused = await get(platform, '/v1/documents/doc_lina_20251118', qtih);
    expect([refused.status, refused.body.code]).toEqual([403, 'CONSENT_REQUIRED']);
    const list = await get(platform, '/v1/documents?patientId=pat_lina', qtih);
    expect([list.status, list.body.code]).toEqual([403, 'CONSENT_REQUIRED']);
    // Refusals are not reads: the log still holds the one entry.
    expect(await audit(platform, lina)).toHaveLength(1);
  });

  it('BR-REC-1: consent is per purpose: without a referral consent, another institution gets CONSENT_REQUIRED', async () => {
    const { platform, qtih } = await world();
    const refused = await get(platform, '/v1/documents/doc_lina_20251118?purpose=referral', qtih);
    expect([refused.status, refused.body.code]).toEqual([403, 'CONSENT_REQUIRED']);
    const research = await get(platform, '/v1/documents/doc_lina_20251118?purpose=research', qtih);
    expect(research.status).toBe(200);
  });

  it('BR-REC-1: the custodian always reads its own records, without consent and with none recorded', async () => {
    const { platform, linan, qtih } = await world();
    const own = await get(platform, '/v1/documents/doc_zhaolei_20230506', linan);
    expect(own.status).toBe(200);
    const list = await get(platform, '/v1/documents?patientId=pat_zhaolei', linan);
    expect(ids(list.body)).toEqual(['doc_zhaolei_20230506']);
    expect((await audit(platform, linan)).map((e) => [e['resourceId'], e['consentId']])).toEqual([
      ['doc_zhaolei_20230506', null],
      ['doc_zhaolei_20230506', null],
    ]);
    // Another institution, without Zhao Lei's treatment consent and holding none of his records, is refused.
    const refused = await get(platform, '/v1/documents?patientId=pat_zhaolei', qtih);
    expect([refused.status, refused.body.code]).toEqual([403, 'CONSENT_REQUIRED']);
  });

  it("BR-REC-1: without consent a list holds only the caller's own records", async () => {
    const { platform, qtih, lina } = await world();
    await post(platform, '/v1/consents/cns_lina_treatment/revoke', lina);
    const mine = await post(platform, '/v1/documents', qtih, {
      type: 'outpatient-record',
      title: 'Online follow-up note',
      patientId: 'pat_lina',
      encounterId: 'enc_lina_followup',
      effectiveDate: '2026-06-01',
      diagnoses: [{ icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' }],
    });
    expect(mine.status).toBe(201);
    expect(ids((await get(platform, '/v1/documents?patientId=pat_lina', qtih)).body)).toEqual([mine.body.id]);
    const diagnoses = (await get(platform, '/v1/diagnoses?patientId=pat_lina', qtih)).body.data;
    expect(diagnoses).toEqual([
      { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications', patientId: 'pat_lina', organizationId: 'org_qtih', documentId: mine.body.id, recordedOn: '2026-06-01' },
    ]);
    expect((await get(platform, '/v1/observations?patientId=pat_lina', qtih)).body.data).toEqual([]);
  });

  it('every document, diagnosis and observation returned to an organization is one audit entry', async () => {
    const { platform, qtih, lina } = await world();
    expect(ids((await get(platform, '/v1/documents?patientId=pat_lina', qtih)).body)).toEqual(['doc_lina_hba1c_20251118', 'doc_lina_20251118']);
    expect((await get(platform, '/v1/diagnoses?patientId=pat_lina', qtih)).body.data).toHaveLength(1);
    expect(ids((await get(platform, '/v1/observations?patientId=pat_lina&limit=1', qtih)).body)).toHaveLength(1);
    const entries = await audit(platform, lina);
    expect(entries.map((e) => `${e['resourceType']} ${e['resourceId']} ${e['consentId']}`)).toEqual([
      'document doc_lina_hba1c_20251118 cns_lina_treatment',
      'document doc_lina_20251118 cns_lina_treatment',
      'diagnosis doc_lina_20251118 cns_lina_treatment',
      expect.stringMatching(/^observation obs_lina_(hba1c|glucose) cns_lina_treatment$/),
    ]);
    // The organization sees its own reads, and can filter them.
    expect(await audit(platform, qtih, '?resourceType=diagnosis')).toHaveLength(1);
    expect(await audit(platform, qtih, '?after=aud_00000002')).toHaveLength(2);
    expect(await audit(platform, qtih, '?patientId=pat_zhaolei')).toEqual([]);
  });

  it('an organization names the patient (VALIDATION_FAILED) and its own clinician', async () => {
    const { platform, qtih } = await world();
    const anonymous = await get(platform, '/v1/documents', qtih);
    expect([anonymous.status, anonymous.body.errors[0].pointer]).toEqual([400, '/query/patientId']);
    const foreign = await get(platform, '/v1/documents?patientId=pat_lina&practitionerId=prc_zhangwei', qtih);
    expect([foreign.status, foreign.body.errors[0].pointer]).toEqual([400, '/query/practitionerId']);
    const unknown = await get(platform, '/v1/observations?patientId=pat_nobody', qtih);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('patients and their records', () => {
  it('a patient reads their own records, unaudited; another patient’s answer 404', async () => {
    const { platform, lina, wangfang } = await world();
    expect(ids((await get(platform, '/v1/documents', lina)).body)).toEqual(['doc_lina_hba1c_20251118', 'doc_lina_20251118']);
    expect((await get(platform, '/v1/diagnoses', lina)).body.data.map((d: { icd10: string }) => d.icd10)).toEqual(['E11.9']);
    expect((await get(platform, '/v1/observations?code=4548-4', lina)).body.data).toMatchObject([{ id: 'obs_lina_hba1c', value: 7.8, interpretation: 'high' }]);
    expect(await audit(platform, lina)).toEqual([]);
    const refused = await get(platform, '/v1/documents/doc_lina_20251118', wangfang);
    expect([refused.status, refused.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await get(platform, '/v1/documents?patientId=pat_lina', wangfang)).body.data).toEqual([]);
  });
});

describe('adding records', () => {
  it('adds a document with the caller as custodian and tells the patient', async () => {
    const { platform, qtph, lina } = await world();
    const created = await post(platform, '/v1/documents', qtph, {
      type: 'discharge-summary',
      title: 'Discharge summary',
      patientId: 'pat_lina',
      authorPractitionerId: 'prc_zhangwei',
      encounterId: 'enc_lina_20251118',
      effectiveDate: '2025-11-20',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ organizationId: 'org_qtph', diagnoses: [], attachment: null, createdAt: '2026-06-01T08:00:00+08:00' });
    const events = (await get(platform, '/v1/events?type=document.created', lina)).body.data;
    expect(events.map((e: { data: unknown }) => e.data)).toEqual([
      { object: 'document', id: created.body.id, status: 'created', organizationId: 'org_qtph', patientId: 'pat_lina' },
    ]);
  });

  it("refuses an unknown patient (404) and another institution's encounter or author (VALIDATION_FAILED)", async () => {
    const { platform, qtph } = await world();
    const base = { type: 'lab-report', title: 'Glucose', effectiveDate: '2026-05-31' };
    const unknown = await post(platform, '/v1/documents', qtph, { ...base, patientId: 'pat_nobody' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    const encounter = await post(platform, '/v1/documents', qtph, { ...base, patientId: 'pat_lina', encounterId: 'enc_lina_followup' });
    expect([encounter.status, encounter.body.errors[0].pointer]).toEqual([400, '/body/encounterId']);
    const author = await post(platform, '/v1/documents', qtph, { ...base, patientId: 'pat_lina', authorPractitionerId: 'prc_qianhui' });
    expect([author.status, author.body.errors[0].pointer]).toEqual([400, '/body/authorPractitionerId']);
  });

  it('adds an observation, interpreting it from its reference range', async () => {
    const { platform, qtph, lina } = await world();
    const base = { patientId: 'pat_lina', code: '1558-6', display: 'Fasting glucose', unit: 'mmol/L', referenceRange: { low: 3.9, high: 6.1 }, effectiveAt: '2026-05-31T08:30:00+08:00' };
    const high = await post(platform, '/v1/observations', qtph, { ...base, value: 7.4 });
    expect(high.body).toMatchObject({ interpretation: 'high', organizationId: 'org_qtph', documentId: null, effectiveAt: '2026-05-31T08:30:00+08:00' });
    expect((await post(platform, '/v1/observations', qtph, { ...base, value: 3.1 })).body.interpretation).toBe('low');
    expect((await post(platform, '/v1/observations', qtph, { ...base, value: 5 })).body.interpretation).toBe('normal');
    const elsewhere = await post(platform, '/v1/observations', qtph, { ...base, value: 5, documentId: 'doc_zhaolei_20230506' });
    expect([elsewhere.status, elsewhere.body.errors[0].pointer]).toEqual([400, '/body/documentId']);
    expect((await get(platform, '/v1/events?type=observation.created', lina)).body.data).toHaveLength(3);
  });
});

describe('consents', () => {
  it('grants a consent for a new purpose and tells only the patient', async () => {
    const { platform, lina, qtph } = await world();
    const granted = await post(platform, '/v1/consents', lina, { purpose: 'insurance-claim' });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ patientId: 'pat_lina', purpose: 'insurance-claim', status: 'active', revokedAt: null });
    expect((await get(platform, `/v1/consents/${granted.body.id as string}`, lina)).body.status).toBe('active');
    const events = (await get(platform, '/v1/events', lina)).body.data;
    expect(events.map((e: { type: string; data: unknown }) => [e.type, e.data])).toEqual([
      ['consent.granted', { object: 'consent', id: granted.body.id, status: 'active', patientId: 'pat_lina' }],
    ]);
    expect((await get(platform, '/v1/events', qtph)).body.data).toEqual([]);
    expect(ids((await get(platform, '/v1/consents?status=active', lina)).body)).toEqual([granted.body.id, 'cns_lina_treatment', 'cns_lina_research']);
  });

  it('refuses a second active consent for one purpose with CONSENT_ALREADY_ACTIVE', async () => {
    const { platform, lina } = await world();
    const refused = await post(platform, '/v1/consents', lina, { purpose: 'treatment' });
    expect([refused.status, refused.body.code]).toEqual([409, 'CONSENT_ALREADY_ACTIVE']);
  });

  it('revokes an active consent once (INVALID_STATE_TRANSITION afterwards); a new one may then be granted', async () => {
    const { platform, lina, zhaolei } = await world();
    const revoked = await post(platform, '/v1/consents/cns_lina_research/revoke', lina);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: '2026-06-01T08:00:00+08:00' });
    const again = await post(platform, '/v1/consents/cns_lina_research/revoke', lina);
    expect([again.status, again.body.code, again.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'revoked']);
    expect((await post(platform, '/v1/consents', lina, { purpose: 'research' })).status).toBe(201);
    const seededRevoked = await post(platform, '/v1/consents/cns_zhaolei_research/revoke', zhaolei);
    expect([seededRevoked.status, seededRevoked.body.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
    expect((await get(platform, '/v1/events?type=consent.revoked', lina)).body.data).toHaveLength(1);
  });

  it("another patient's consent answers 404", async () => {
    const { platform, wangfang } = await world();
    const read = await get(platform, '/v1/consents/cns_lina_treatment', wangfang);
    expect([read.status, read.body.code]).toEqual([404, 'NOT_FOUND']);
    const revoke = await post(platform, '/v1/consents/cns_lina_treatment/revoke', wangfang);
    expect([revoke.status, revoke.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});
