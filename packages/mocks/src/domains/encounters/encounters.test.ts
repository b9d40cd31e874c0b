import { describe, expect, it } from 'vitest';
import { call, orgToken, patientLogin, testPlatform, MOBILE } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';

async function world() {
  const platform = testPlatform();
  return {
    platform,
    qtph: await orgToken(platform, 'qtph'),
    qtih: await orgToken(platform, 'qtih'),
    jiuzhou: await orgToken(platform, 'jiuzhou'),
    lina: (await patientLogin(platform, MOBILE.lina)).token,
    wangfang: (await patientLogin(platform, MOBILE.wangfang)).token,
    zhaolei: (await patientLogin(platform, MOBILE.zhaolei)).token,
  };
}

const post = (platform: MockPlatform, path: string, token: string, body?: unknown) =>
  call(platform, 'POST', path, { token, ...(body === undefined ? {} : { body }) });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });

const DIABETES = { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' };
const HYPERTENSION = { icd10: 'I10', display: 'Essential (primary) hypertension' };
const followUp = (fields: Record<string, unknown> = {}) => ({
  type: 'online-follow-up',
  mode: 'text',
  organizationId: 'org_qtih',
  practitionerId: 'prc_qianhui',
  condition: DIABETES,
  ...fields,
});
const eventTypes = async (platform: MockPlatform, token: string) =>
  (await get(platform, '/v1/events', token)).body.data.map((e: { type: string; data: { id: string } }) => `${e.type} ${e.data.id}`);

describe('seeded encounters', () => {
  it('match the examples of the spec', async () => {
    const { platform, lina, qtih } = await world();
    expect((await get(platform, '/v1/encounters/enc_lina_followup', lina)).body).toMatchObject({
      type: 'online-follow-up',
      mode: 'video',
      status: 'in-progress',
      organizationId: 'org_qtih',
      evidenceDocumentId: 'doc_lina_20251118',
      startedAt: '2026-06-01T07:50:00+08:00',
      retainUntil: '2041-06-01',
      discontinuation: null,
    });
    const messages = (await get(platform, '/v1/encounters/enc_lina_followup/messages', qtih)).body;
    expect(messages).toMatchObject({ encounterId: 'enc_lina_followup', patientId: 'pat_lina', organizationId: 'org_qtih', pharmacyId: null, nextCursor: null });
    expect(messages.data.map((m: { id: string; retainUntil: string }) => [m.id, m.retainUntil])).toEqual([
      ['msg_lina_followup_1', '2029-06-01'],
      ['msg_lina_followup_2', '2029-06-01'],
    ]);
  });
});

describe('creating an online follow-up', () => {
  it('lets Li Na book a follow-up of her diabetes; the platform finds her evidence and tells both sides', async () => {
    const { platform, lina, qtih } = await world();
    const created = await post(platform, '/v1/encounters', lina, followUp());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'planned',
      patientId: 'pat_lina',
      organizationId: 'org_qtih',
      evidenceDocumentId: 'doc_lina_20251118',
      createdAt: '2026-06-01T08:00:00+08:00',
    });
    expect(await eventTypes(platform, lina)).toEqual([`encounter.created ${created.body.id}`]);
    expect(await eventTypes(platform, qtih)).toEqual([`encounter.created ${created.body.id}`]);
  });

  it('BR-ENC-1: Wang Fang, with no prior diagnosis, is refused with FIRST_VISIT_NOT_ALLOWED', async () => {
    const { platform, wangfang } = await world();
    const refused = await post(platform, '/v1/encounters', wangfang, followUp());
    expect([refused.status, refused.body.code]).toEqual([422, 'FIRST_VISIT_NOT_ALLOWED']);
    expect(refused.body.detail).toMatch(/visit in person/);
    expect((await get(platform, '/v1/encounters', wangfang)).body.data).toEqual([]);
  });

  it('BR-ENC-1: evidence of another condition, or held by an internet hospital, does not count (FIRST_VISIT_NOT_ALLOWED)', async () => {
    const { platform, lina, qtih } = await world();
    const otherCondition = await post(platform, '/v1/encounters', lina, followUp({ condition: HYPERTENSION, evidenceDocumentId: 'doc_lina_20251118' }));
    expect([otherCondition.status, otherCondition.body.code]).toEqual([422, 'FIRST_VISIT_NOT_ALLOWED']);
    // An outpatient record written by the internet hospital itself is not a physical institution's diagnosis.
    const online = await post(platform, '/v1/documents', qtih, {
      type: 'outpatient-record',
      title: 'Online visit note',
      patientId: 'pat_lina',
      effectiveDate: '2026-05-30',
      diagnoses: [HYPERTENSION],
    });
    expect(online.status).toBe(201);
    const refused = await post(platform, '/v1/encounters', lina, followUp({ condition: HYPERTENSION }));
    expect([refused.status, refused.body.code]).toEqual([422, 'FIRST_VISIT_NOT_ALLOWED']);
    const named = await post(platform, '/v1/encounters', lina, followUp({ condition: HYPERTENSION, evidenceDocumentId: online.body.id }));
    expect([named.status, named.body.code]).toEqual([422, 'FIRST_VISIT_NOT_ALLOWED']);
  });

  it('BR-ENC-1: the same ICD-10 category counts as the same condition', async () => {
    const { platform, qtih } = await world();
    const created = await post(platform, '/v1/encounters', qtih, followUp({ patientId: 'pat_lina', condition: { icd10: 'E11.65', display: 'Type 2 diabetes with hyperglycaemia' } }));
    expect(created.status).toBe(201);
    expect(created.body.evidenceDocumentId).toBe('doc_lina_20251118');
  });

  it('BR-ENC-3: an unverified doctor (Luo Yu) is refused with PRACTITIONER_NOT_VERIFIED', async () => {
    const { platform, lina } = await world();
    const refused = await post(platform, '/v1/encounters', lina, followUp({ practitionerId: 'prc_luoyu' }));
    expect([refused.status, refused.body.code]).toEqual([403, 'PRACTITIONER_NOT_VERIFIED']);
  });

  it('BR-ENC-3: a doctor not enabled for online visits, or of another institution, is refused with PRACTITIONER_NOT_VERIFIED', async () => {
    const { platform, qtph, lina } = await world();
    const offline = await post(platform, '/v1/encounters', qtph, followUp({ organizationId: undefined, patientId: 'pat_lina', practitionerId: 'prc_gaofeng' }));
    expect([offline.status, offline.body.code]).toEqual([403, 'PRACTITIONER_NOT_VERIFIED']);
    const elsewhere = await post(platform, '/v1/encounters', lina, followUp({ practitionerId: 'prc_zhangwei' }));
    expect([elsewhere.status, elsewhere.body.code]).toEqual([403, 'PRACTITIONER_NOT_VERIFIED']);
    // In person, Gao Feng may see patients.
    const inPerson = await post(platform, '/v1/encounters', qtph, {
      type: 'outpatient',
      mode: 'in-person',
      patientId: 'pat_lina',
      practitionerId: 'prc_gaofeng',
      condition: HYPERTENSION,
    });
    expect(inPerson.status).toBe(201);
  });

  it('refuses remote consultation types, outpatient visits booked by patients and other institutions with VALIDATION_FAILED', async () => {
    const { platform, lina, qtph } = await world();
    const remote = await post(platform, '/v1/encounters', lina, followUp({ type: 'remote-consultation', mode: 'video' }));
    expect([remote.status, remote.body.errors[0].pointer]).toEqual([400, '/body/type']);
    const outpatient = await post(platform, '/v1/encounters', lina, followUp({ type: 'outpatient', mode: 'in-person' }));
    expect([outpatient.status, outpatient.body.errors[0].pointer]).toEqual([400, '/body/type']);
    const otherInstitution = await post(platform, '/v1/encounters', qtph, followUp({ patientId: 'pat_lina' }));
    expect([otherInstitution.status, otherInstitution.body.errors[0].pointer]).toEqual([400, '/body/organizationId']);
    const someoneElse = await post(platform, '/v1/encounters', lina, followUp({ patientId: 'pat_wangfang' }));
    expect([someoneElse.status, someoneElse.body.errors[0].pointer]).toEqual([400, '/body/patientId']);
    const unknown = await post(platform, '/v1/encounters', qtph, { type: 'outpatient', mode: 'in-person', patientId: 'pat_nobody', practitionerId: 'prc_zhangwei', condition: DIABETES });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('visit progress', () => {
  it('starts and completes a visit, with an event at each step', async () => {
    const { platform, qtih, zhaolei } = await world();
    const started = await post(platform, '/v1/encounters/enc_zhaolei_followup/start', qtih);
    expect(started.body).toMatchObject({ status: 'in-progress', startedAt: '2026-06-01T08:00:00+08:00' });
    platform.clock.advance(20 * 60_000);
    const completed = await post(platform, '/v1/encounters/enc_zhaolei_followup/complete', qtih);
    expect(completed.body).toMatchObject({ status: 'completed', endedAt: '2026-06-01T08:20:00+08:00' });
    expect(await eventTypes(platform, zhaolei)).toEqual(['encounter.started enc_zhaolei_followup', 'encounter.completed enc_zhaolei_followup']);
  });

  it('refuses an action the state does not allow with INVALID_STATE_TRANSITION', async () => {
    const { platform, qtih } = await world();
    const early = await post(platform, '/v1/encounters/enc_zhaolei_followup/complete', qtih);
    expect([early.status, early.body.code, early.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'planned']);
    const again = await post(platform, '/v1/encounters/enc_lina_followup/start', qtih);
    expect([again.status, again.body.currentState]).toEqual([409, 'in-progress']);
  });

  it('BR-ENC-2: a discontinued visit records the reason, tells the patient and takes no messages (ENCOUNTER_NOT_ACTIVE)', async () => {
    const { platform, qtih, zhaolei } = await world();
    const note = 'Chest pain since this morning: please go to the cardiology clinic in person today.';
    const stopped = await post(platform, '/v1/encounters/enc_zhaolei_to_discontinue/discontinue', qtih, { reason: 'condition-changed', note });
    expect(stopped.body).toMatchObject({
      status: 'discontinued',
      discontinuation: { reason: 'condition-changed', note, discontinuedAt: '2026-06-01T08:00:00+08:00' },
      endedAt: '2026-06-01T08:00:00+08:00',
    });
    const events = (await get(platform, '/v1/events?type=encounter.discontinued', zhaolei)).body.data;
    expect(events.map((e: { data: unknown }) => e.data)).toEqual([
      { object: 'encounter', id: 'enc_zhaolei_to_discontinue', status: 'discontinued', organizationId: 'org_qtih', patientId: 'pat_zhaolei', reason: 'condition-changed' },
    ]);
    const message = await post(platform, '/v1/encounters/enc_zhaolei_to_discontinue/messages', zhaolei, { kind: 'text', text: 'Are you still there?' });
    expect([message.status, message.body.code]).toEqual([409, 'ENCOUNTER_NOT_ACTIVE']);
    const twice = await post(platform, '/v1/encounters/enc_zhaolei_to_discontinue/discontinue', qtih, { reason: 'other', note: 'again' });
    expect([twice.status, twice.body.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
  });

  it('BR-ENC-2: the reason and note are required (VALIDATION_FAILED)', async () => {
    const { platform, qtih } = await world();
    const refused = await post(platform, '/v1/encounters/enc_zhaolei_to_discontinue/discontinue', qtih, { reason: 'first-visit' });
    expect([refused.status, refused.body.code, refused.body.errors[0].pointer]).toEqual([400, 'VALIDATION_FAILED', '/body/note']);
  });

  it('only the institution that runs a visit moves it: others get 404', async () => {
    const { platform, qtph } = await world();
    const refused = await post(platform, '/v1/encounters/enc_zhaolei_followup/start', qtph);
    expect([refused.status, refused.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('messages', () => {
  it('the patient and the doctor write while the visit is under way; each message is an event', async () => {
    const { platform, lina, qtih } = await world();
    const fromLina = await post(platform, '/v1/encounters/enc_lina_followup/messages', lina, {
      kind: 'image',
      attachment: { fileName: 'log.jpg', contentType: 'image/jpeg', sizeBytes: 1024, sha256: 'a'.repeat(64) },
    });
    expect(fromLina.status).toBe(201);
    expect(fromLina.body).toMatchObject({ sender: { kind: 'patient', patientId: 'pat_lina', practitionerId: null }, kind: 'image', text: null });
    const fromDoctor = await post(platform, '/v1/encounters/enc_lina_followup/messages', qtih, { kind: 'text', text: 'Thank you.', practitionerId: 'prc_qianhui' });
    expect(fromDoctor.body.sender).toEqual({ kind: 'practitioner', patientId: null, practitionerId: 'prc_qianhui' });
    expect(await eventTypes(platform, lina)).toEqual([`encounter.message_created ${fromLina.body.id}`, `encounter.message_created ${fromDoctor.body.id}`]);
    const listed = (await get(platform, '/v1/encounters/enc_lina_followup/messages', lina)).body.data.map((m: { id: string }) => m.id);
    expect(listed.slice(2)).toEqual([fromLina.body.id, fromDoctor.body.id]);
  });

  it('BR-ENC-3: nobody stands in for the encounter\'s doctor (PRACTITIONER_NOT_VERIFIED)', async () => {
    const { platform, qtih } = await world();
    const refused = await post(platform, '/v1/encounters/enc_lina_followup/messages', qtih, { kind: 'text', text: 'Hello', practitionerId: 'prc_luoyu' });
    expect([refused.status, refused.body.code]).toEqual([403, 'PRACTITIONER_NOT_VERIFIED']);
    const anonymous = await post(platform, '/v1/encounters/enc_lina_followup/messages', qtih, { kind: 'text', text: 'Hello' });
    expect([anonymous.status, anonymous.body.errors[0].pointer]).toEqual([400, '/body/practitionerId']);
  });

  it('needs text for text and an attachment for images, and an active visit (ENCOUNTER_NOT_ACTIVE before it starts)', async () => {
    const { platform, lina, zhaolei } = await world();
    const noText = await post(platform, '/v1/encounters/enc_lina_followup/messages', lina, { kind: 'text' });
    expect([noText.status, noText.body.errors[0].pointer]).toEqual([400, '/body/text']);
    const noFile = await post(platform, '/v1/encounters/enc_lina_followup/messages', lina, { kind: 'image', text: 'here' });
    expect([noFile.status, noFile.body.errors[0].pointer]).toEqual([400, '/body/attachment']);
    const planned = await post(platform, '/v1/encounters/enc_zhaolei_followup/messages', zhaolei, { kind: 'text', text: 'Hello' });
    expect([planned.status, planned.body.code]).toEqual([409, 'ENCOUNTER_NOT_ACTIVE']);
  });
});

describe('tenancy and audit', () => {
  it('another patient or institution gets 404; a pharmacy sees only the tele-consultations held at it', async () => {
    const { platform, wangfang, qtph, jiuzhou } = await world();
    for (const token of [wangfang, qtph, jiuzhou]) {
      const refused = await get(platform, '/v1/encounters/enc_lina_followup', token);
      expect([refused.status, refused.body.code]).toEqual([404, 'NOT_FOUND']);
    }
    expect((await get(platform, '/v1/encounters', jiuzhou)).body.data.map((e: { id: string }) => e.id)).toEqual(['enc_zhaolei_instore']);
    expect((await get(platform, '/v1/encounters/enc_zhaolei_instore/messages', jiuzhou)).status).toBe(200);
  });

  it('lists a patient only their own encounters, and a hospital those it runs', async () => {
    const { platform, lina, qtph } = await world();
    const mine = (await get(platform, '/v1/encounters?status=in-progress', lina)).body.data.map((e: { id: string }) => e.id);
    expect(mine.sort()).toEqual(['enc_lina_followup', 'enc_lina_to_complete']);
    const hospital = (await get(platform, '/v1/encounters', qtph)).body.data;
    expect(hospital.every((e: { organizationId: string }) => e.organizationId === 'org_qtph')).toBe(true);
  });

  it("records an organization's reads of an encounter and its messages; a patient's own reads are not audited", async () => {
    const { platform, lina, qtih } = await world();
    await get(platform, '/v1/encounters/enc_lina_followup', lina);
    await get(platform, '/v1/encounters/enc_lina_followup', qtih);
    await get(platform, '/v1/encounters/enc_lina_followup/messages', qtih);
    const entries = (await get(platform, '/v1/audit-events', lina)).body.data;
    expect(entries.map((e: { resourceType: string; resourceId: string }) => `${e.resourceType} ${e.resourceId}`)).toEqual([
      'encounter enc_lina_followup',
      'message msg_lina_followup_1',
      'message msg_lina_followup_2',
    ]);
    expect(entries[0]).toMatchObject({ organizationId: 'org_qtih', purpose: 'treatment', consentId: null, occurredAt: '2026-06-01T08:00:00+08:00' });
  });
});
