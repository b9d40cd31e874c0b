import { describe, expect, it } from 'vitest';
import { MOBILE, call, orgToken, patientLogin, testPlatform } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';

async function world() {
  const platform = testPlatform();
  return { platform, qtih: await orgToken(platform, 'qtih'), qtph: await orgToken(platform, 'qtph') };
}

const post = (platform: MockPlatform, path: string, token: string, body: unknown) => call(platform, 'POST', path, { token, body });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });
const triage = (platform: MockPlatform, token: string, body: unknown) => post(platform, '/v1/triage', token, body);
const diabetes = (platform: MockPlatform, token: string, values: Record<string, unknown>, who: Record<string, unknown> = { patientId: 'pat_wangfang', practitionerId: 'prc_qianhui' }) =>
  post(platform, '/v1/decision-support/diabetes', token, { ...who, ...values });
const cards = (body: { cards: { severity: string; summary: string }[] }) => body.cards.map((card) => `${card.severity}: ${card.summary}`);

const METFORMIN = { drugId: 'drg_metformin_500', quantity: 28, dosage: '500 mg twice daily with meals', daysSupply: 7 };
const prescribe = (platform: MockPlatform, token: string, extra: Record<string, unknown>) =>
  post(platform, '/v1/prescriptions', token, { encounterId: 'enc_lina_followup', practitionerId: 'prc_qianhui', items: [METFORMIN], ...extra });

describe('triage (rules-v1)', () => {
  it('sends thirst and polyuria to endocrinology with a booking link, for a patient and for a hospital alike', async () => {
    const { platform, qtih } = await world();
    const { token } = await patientLogin(platform, MOBILE.lina);
    for (const caller of [token, qtih]) {
      const result = await triage(platform, caller, { symptoms: ['thirst', 'polyuria'], age: 52 });
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ engine: 'rules-v1', urgent: false, urgentAdvice: null });
      expect(result.body.suggestions).toEqual([
        {
          departmentId: 'dep_qtph_endo',
          organizationId: 'org_qtph',
          name: 'Endocrinology',
          confidence: 90,
          reason: 'thirst, polyuria: symptoms of high blood glucose (diabetes).',
          bookingLink: '/v1/slots?departmentId=dep_qtph_endo',
        },
      ]);
      expect(result.body.disclaimer).toContain('not a diagnosis');
    }
  });

  it('ranks departments by the share of symptoms they explain, ties by department id', async () => {
    const { platform, qtih } = await world();
    const result = await triage(platform, qtih, { symptoms: ['cough', 'fever', 'headache'] });
    expect(result.body.suggestions.map((s: { departmentId: string; confidence: number }) => [s.departmentId, s.confidence])).toEqual([
      ['dep_qtph_gim', 60],
      ['dep_qtph_resp', 60],
    ]);
  });

  it('flags chest pain with shortness of breath as urgent: go to the emergency department', async () => {
    const { platform, qtih } = await world();
    const result = await triage(platform, qtih, { symptoms: ['chest-pain', 'shortness-of-breath'] });
    expect(result.body.urgent).toBe(true);
    expect(result.body.urgentAdvice).toContain('emergency department');
    expect(result.body.suggestions[0]).toMatchObject({ departmentId: 'dep_qtph_cardio', confidence: 90 });
    expect((await triage(platform, qtih, { symptoms: ['chest-pain'] })).body.urgent).toBe(false);
  });

  it('sends children under 14 to paediatrics', async () => {
    const { platform, qtih } = await world();
    const result = await triage(platform, qtih, { symptoms: ['cough', 'fever'], age: 3 });
    expect(result.body.suggestions.map((s: { departmentId: string }) => s.departmentId)).toEqual(['dep_qtph_paed']);
  });

  it('accepts only symptoms of the vocabulary', async () => {
    const { platform, qtih } = await world();
    expect((await triage(platform, qtih, { symptoms: ['feeling-off'] })).status).toBe(400);
  });
});

describe('diabetes decision support (published thresholds)', () => {
  it('suggests diabetes at fasting glucose ≥ 7.0 or HbA1c ≥ 6.5, with a metformin idea as text only', async () => {
    const { platform, qtih } = await world();
    const result = await diabetes(platform, qtih, { fastingGlucoseMmolL: 7.0, hba1cPercent: 6.5 });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ kind: 'diabetes', engine: 'rules-v1', status: 'open', organizationId: 'org_qtih', knownDiagnoses: [], dispositions: [] });
    expect(result.body.id).toMatch(/^ais_/);
    expect(cards(result.body)).toEqual(['warning: Fasting glucose in the diabetes range', 'warning: HbA1c in the diabetes range']);
    expect(result.body.cards[0].evidence[0].threshold).toBe('fasting plasma glucose ≥ 7.0 mmol/L');
    expect(result.body.medicationSuggestion).toMatchObject({ drugId: 'drg_metformin_500' });
    expect(result.body.medicationSuggestion.text).toContain('not a prescription');
  });

  it('calls 5.6–6.9 impaired fasting glucose, and < 3.9 critical hypoglycaemia', async () => {
    const { platform, qtih } = await world();
    const ifg = await diabetes(platform, qtih, { fastingGlucoseMmolL: 6.1 });
    expect(cards(ifg.body)).toEqual(['info: Impaired fasting glucose']);
    expect(ifg.body.medicationSuggestion).toBeNull();
    const low = await diabetes(platform, qtih, { fastingGlucoseMmolL: 3.2 });
    expect(cards(low.body)[0]).toBe('critical: Hypoglycaemia');
    expect(low.body.medicationSuggestion).toBeNull();
    expect(cards((await diabetes(platform, qtih, { fastingGlucoseMmolL: 5.0, hba1cPercent: 5.4 })).body)).toEqual(['info: No threshold met']);
  });

  it('needs classic symptoms with a random glucose ≥ 11.1', async () => {
    const { platform, qtih } = await world();
    expect(cards((await diabetes(platform, qtih, { randomGlucoseMmolL: 12.4, symptoms: ['thirst'] })).body)).toEqual(['warning: Random glucose ≥ 11.1 mmol/L with symptoms']);
    expect(cards((await diabetes(platform, qtih, { randomGlucoseMmolL: 12.4 })).body)).toEqual(['info: High random glucose without classic symptoms']);
  });

  it('judges a patient with diabetes on record against the treatment targets, reading the record under her treatment consent (audited)', async () => {
    const { platform, qtih } = await world();
    const result = await diabetes(platform, qtih, { fastingGlucoseMmolL: 8.2, hba1cPercent: 7.6 }, { patientId: 'pat_lina', encounterId: 'enc_lina_followup', practitionerId: 'prc_qianhui' });
    expect(result.body.knownDiagnoses).toEqual([{ icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications', documentId: 'doc_lina_20251118' }]);
    expect(cards(result.body)).toEqual(['warning: Fasting glucose above the treatment target', 'warning: HbA1c above the treatment target', 'info: Known diabetes on record']);
    const audit = await get(platform, '/v1/audit-events?patientId=pat_lina', qtih);
    expect(audit.body.data.map((e: Record<string, unknown>) => [e['organizationId'], e['resourceType'], e['resourceId'], e['purpose'], e['practitionerId'], e['consentId']])).toEqual([
      ['org_qtih', 'diagnosis', 'doc_lina_20251118', 'treatment', 'prc_qianhui', 'cns_lina_treatment'],
    ]);
  });

  it('needs a value, a doctor of the caller, and the caller’s own encounter', async () => {
    const { platform, qtih, qtph } = await world();
    expect((await diabetes(platform, qtih, {})).status).toBe(400);
    expect((await diabetes(platform, qtih, { fastingGlucoseMmolL: 7.2 }, { patientId: 'pat_wangfang', practitionerId: 'prc_zhangwei' })).status).toBe(400);
    expect((await diabetes(platform, qtih, { fastingGlucoseMmolL: 7.2 }, { patientId: 'pat_wangfang', practitionerId: 'prc_heping' })).status).toBe(400);
    const foreign = await diabetes(platform, qtph, { fastingGlucoseMmolL: 7.2 }, { patientId: 'pat_lina', encounterId: 'enc_lina_followup', practitionerId: 'prc_zhangwei' });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('emits ai_suggestion.created and ai_suggestion.disposition_recorded to the asking organization only', async () => {
    const { platform, qtih, qtph } = await world();
    const created = await diabetes(platform, qtih, { fastingGlucoseMmolL: 7.4 });
    await post(platform, `/v1/ai-suggestions/${created.body.id}/disposition`, qtih, { practitionerId: 'prc_qianhui', disposition: 'ignored', note: '' });
    const events = async (token: string) =>
      ((await get(platform, '/v1/events?limit=100', token)).body.data as { type: string; data: { id: string; status: string } }[])
        .filter((event) => event.type.startsWith('ai_suggestion.'))
        .map((event) => `${event.type} ${event.data.id} ${event.data.status}`);
    expect(await events(qtih)).toEqual([`ai_suggestion.created ${created.body.id} open`, `ai_suggestion.disposition_recorded ${created.body.id} ignored`]);
    expect(await events(qtph)).toEqual([]);
  });
});

describe('dispositions and BR-AI-1', () => {
  const accept = { practitionerId: 'prc_qianhui', disposition: 'accepted', note: 'Agree.', signature: { practitionerId: 'prc_qianhui' } };

  it('records each disposition, the latest setting the status, with the history on the suggestion', async () => {
    const { platform, qtih } = await world();
    await post(platform, '/v1/ai-suggestions/ais_lina_open/disposition', qtih, { practitionerId: 'prc_qianhui', disposition: 'overridden', note: 'Lifestyle first.' });
    const result = await post(platform, '/v1/ai-suggestions/ais_lina_open/disposition', qtih, accept);
    expect(result.status).toBe(200);
    expect(result.body.status).toBe('accepted');
    expect(result.body.dispositions.map((d: { disposition: string; signedBy: string | null }) => [d.disposition, d.signedBy])).toEqual([
      ['overridden', null],
      ['accepted', 'prc_qianhui'],
    ]);
    expect((await get(platform, '/v1/ai-suggestions/ais_lina_open', qtih)).body.status).toBe('accepted');
  });

  it('BR-AI-1: accepting a suggestion without the deciding doctor’s signature is refused with AI_SUGGESTION_NOT_SIGNED', async () => {
    const { platform, qtih } = await world();
    const unsigned = await post(platform, '/v1/ai-suggestions/ais_lina_open/disposition', qtih, { practitionerId: 'prc_qianhui', disposition: 'accepted', note: '' });
    expect([unsigned.status, unsigned.body.code]).toEqual([422, 'AI_SUGGESTION_NOT_SIGNED']);
    const otherSigner = await post(platform, '/v1/ai-suggestions/ais_lina_open/disposition', qtih, { ...accept, signature: { practitionerId: 'prc_luoyu' } });
    expect([otherSigner.status, otherSigner.body.code]).toEqual([422, 'AI_SUGGESTION_NOT_SIGNED']);
    const unverified = await post(platform, '/v1/ai-suggestions/ais_lina_open/disposition', qtih, { ...accept, practitionerId: 'prc_luoyu', signature: { practitionerId: 'prc_luoyu' } });
    expect([unverified.status, unverified.body.code]).toEqual([403, 'PRACTITIONER_NOT_VERIFIED']);
    expect((await get(platform, '/v1/ai-suggestions/ais_lina_open', qtih)).body).toMatchObject({ status: 'open', dispositions: [] });
  });

  it('BR-AI-1: a prescription citing an unaccepted suggestion is refused with AI_SUGGESTION_NOT_SIGNED', async () => {
    const { platform, qtih } = await world();
    const open = await prescribe(platform, qtih, { aiSuggestionId: 'ais_lina_open' });
    expect([open.status, open.body.code]).toEqual([422, 'AI_SUGGESTION_NOT_SIGNED']);
    await post(platform, '/v1/ai-suggestions/ais_lina_accepted/disposition', qtih, { practitionerId: 'prc_qianhui', disposition: 'overridden', note: 'Changed my mind.' });
    const overridden = await prescribe(platform, qtih, { aiSuggestionId: 'ais_lina_accepted' });
    expect([overridden.status, overridden.body.code]).toEqual([422, 'AI_SUGGESTION_NOT_SIGNED']);
    const unknown = await prescribe(platform, qtih, { aiSuggestionId: 'ais_nobody' });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'AI_SUGGESTION_NOT_SIGNED']);
  });

  it('BR-AI-1: a prescription citing a suggestion accepted and signed by the prescribing doctor is allowed; AI-generated stays refused', async () => {
    const { platform, qtih } = await world();
    const result = await prescribe(platform, qtih, { aiSuggestionId: 'ais_lina_accepted' });
    expect([result.status, result.body.status]).toEqual([201, 'draft']);
    const generated = await prescribe(platform, qtih, { aiSuggestionId: 'ais_lina_accepted', aiGenerated: true });
    expect([generated.status, generated.body.code]).toEqual([422, 'AI_GENERATED_PRESCRIPTION_FORBIDDEN']);
  });

  it('answers 404 for another organization’s suggestion', async () => {
    const { platform, qtph } = await world();
    for (const result of [await get(platform, '/v1/ai-suggestions/ais_lina_accepted', qtph), await post(platform, '/v1/ai-suggestions/ais_lina_open/disposition', qtph, accept)]) {
      expect([result.status, result.body.code]).toEqual([404, 'NOT_FOUND']);
    }
  });
});

describe('triage input', () => {
  it('counts a symptom named twice once', async () => {
    const { platform, qtih } = await world();
    const result = await triage(platform, qtih, { symptoms: ['thirst', 'thirst', 'cough'] });
    expect(result.body.suggestions.map((s: { departmentId: string; confidence: number }) => [s.departmentId, s.confidence])).toEqual([
      ['dep_qtph_endo', 45],
      ['dep_qtph_resp', 45],
    ]);
  });
});
