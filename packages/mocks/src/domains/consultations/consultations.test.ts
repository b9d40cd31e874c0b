import { describe, expect, it } from 'vitest';
import { call, orgToken, testPlatform, directContext, organizationCaller, seededServices } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';
import { createConsultationsDomain } from './domain.js';

async function world() {
  const platform = testPlatform();
  return {
    platform,
    qtph: await orgToken(platform, 'qtph'),
    qtih: await orgToken(platform, 'qtih'),
    linan: await orgToken(platform, 'linan'),
    xixi: await orgToken(platform, 'xixi'),
    gongshu: await orgToken(platform, 'gongshu'),
    kangning: await orgToken(platform, 'kangning'),
  };
}

const post = (platform: MockPlatform, path: string, token: string, body?: unknown) =>
  call(platform, 'POST', path, { token, ...(body === undefined ? {} : { body }) });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });
const eventTypes = async (platform: MockPlatform, token: string, prefix: string) =>
  ((await get(platform, '/v1/events?limit=100', token)).body.data as { type: string; data: { id: string } }[])
    .filter((event) => event.type.startsWith(prefix))
    .map((event) => `${event.type} ${event.data.id}`);

const ask = (kind: string, experts: { organizationId: string; departmentId?: string }[], extra: Record<string, unknown> = {}) => ({
  kind,
  patientId: 'pat_zhaolei',
  encounterId: 'enc_zhaolei_linan',
  requestingPractitionerId: 'prc_wanggang',
  question: 'Resistant hypertension: next step?',
  documentIds: ['doc_zhaolei_20230506'],
  experts,
  ...extra,
});

const OPINION = { text: 'Screen for primary aldosteronism first.', conclusion: 'Screen before escalating.', signature: { practitionerId: 'prc_chenjing' } };

describe('creating a consultation', () => {
  it('invites each expert organization with one task and tells it by event', async () => {
    const { platform, linan, qtph } = await world();
    const created = await post(platform, '/v1/consultations', linan, ask('remote-consultation', [{ organizationId: 'org_qtph', departmentId: 'dep_qtph_cardio' }]));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'requested', organizationId: 'org_linan', expertOrganizationIds: ['org_qtph'], modality: null, completedAt: null });
    const [taskId] = created.body.taskIds as string[];
    const task = await get(platform, `/v1/consultation-tasks/${taskId}`, qtph);
    expect(task.body).toMatchObject({ status: 'requested', organizationId: 'org_qtph', requestingOrganizationId: 'org_linan', departmentId: 'dep_qtph_cardio', practitionerId: null });
    expect(await eventTypes(platform, qtph, 'consultation')).toEqual([`consultation.created ${created.body.id}`, `consultation_task.requested ${taskId}`]);
    expect((await get(platform, `/v1/consultations/${created.body.id}`, qtph)).status).toBe(200);
  });

  it('an expert that is not a care provider (a pharmacy outside the alliance) is a bad request', async () => {
    const { platform, linan } = await world();
    const pharmacy = await post(platform, '/v1/consultations', linan, ask('remote-consultation', [{ organizationId: 'org_kangning' }]));
    expect([pharmacy.status, pharmacy.body.code, pharmacy.body.errors[0].pointer]).toEqual([400, 'VALIDATION_FAILED', '/body/experts/0/organizationId']);
  });

  it('NOT_IN_ALLIANCE: the alliance check answers 422 for partners sharing no alliance with the service', () => {
    const services = seededServices();
    const alliance = [...services.directory.alliances.values()][0];
    if (!alliance) throw new Error('no seeded alliance');
    // Every seeded hospital is a member of all_qiantang: the same request between members, once
    // the alliance stops sharing remote consultation, has no alliance to go through.
    alliance.sharedServices = alliance.sharedServices.filter((service) => service !== 'remote-consultation');
    const domain = createConsultationsDomain(services);
    expect(() =>
      domain.routes['createConsultation']?.(directContext(organizationCaller('org_linan'), {}, ask('remote-consultation', [{ organizationId: 'org_qtph' }]))),
    ).toThrow(expect.objectContaining({ status: 422, code: 'NOT_IN_ALLIANCE' }));
  });

  it('checks the shape: one expert for a consultation, two or more for an MDT, a modality only for a diagnosis', async () => {
    const { platform, linan } = await world();
    const pointers = async (body: unknown) => {
      const answer = await post(platform, '/v1/consultations', linan, body);
      expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      return (answer.body.errors as { pointer: string }[]).map((error) => error.pointer);
    };
    expect(await pointers(ask('mdt', [{ organizationId: 'org_qtph' }]))).toEqual(['/body/experts']);
    expect(await pointers(ask('remote-consultation', [{ organizationId: 'org_qtph' }, { organizationId: 'org_qtih' }]))).toEqual(['/body/experts']);
    expect(await pointers(ask('remote-diagnosis', [{ organizationId: 'org_qtph' }]))).toEqual(['/body/modality']);
    expect(await pointers(ask('remote-consultation', [{ organizationId: 'org_qtph' }], { modality: 'ecg' }))).toEqual(['/body/modality']);
    expect(await pointers(ask('remote-consultation', [{ organizationId: 'org_qtph', departmentId: 'dep_linan_im' }]))).toEqual(['/body/experts/0/departmentId']);
  });

  it("needs the caller's own, active encounter: another's is 404, a finished one ENCOUNTER_NOT_ACTIVE", async () => {
    const { platform, qtph, linan } = await world();
    const notMine = await post(platform, '/v1/consultations', qtph, { ...ask('remote-consultation', [{ organizationId: 'org_qtih' }]), requestingPractitionerId: 'prc_chenjing' });
    expect([notMine.status, notMine.body.code]).toEqual([404, 'NOT_FOUND']);
    const finished = await post(platform, '/v1/consultations', qtph, {
      ...ask('remote-consultation', [{ organizationId: 'org_linan' }]),
      patientId: 'pat_lina',
      encounterId: 'enc_lina_20251118',
      requestingPractitionerId: 'prc_zhangwei',
      documentIds: [],
    });
    expect([finished.status, finished.body.code]).toEqual([409, 'ENCOUNTER_NOT_ACTIVE']);
    expect((await post(platform, '/v1/consultations', linan, ask('remote-consultation', [{ organizationId: 'org_qtph' }]))).status).toBe(201);
  });
});

describe('an MDT with two expert organizations', () => {
  it('runs every task through accept, start and complete; the consultation completes with the last one', async () => {
    const { platform, linan, qtph, qtih } = await world();
    const created = await post(platform, '/v1/consultations', linan, ask('mdt', [{ organizationId: 'org_qtph', departmentId: 'dep_qtph_cardio' }, { organizationId: 'org_qtih' }]));
    expect(created.status).toBe(201);
    const consultationId = created.body.id as string;
    const [cardioTask, onlineTask] = created.body.taskIds as [string, string];

    expect((await post(platform, `/v1/consultation-tasks/${cardioTask}/accept`, qtph, { practitionerId: 'prc_chenjing' })).body).toMatchObject({ status: 'accepted', practitionerId: 'prc_chenjing' });
    const started = await post(platform, `/v1/consultation-tasks/${cardioTask}/start`, qtph);
    expect(started.body.status).toBe('in-progress');
    expect((await get(platform, `/v1/consultations/${consultationId}`, linan)).body.status).toBe('in-progress');
    const encounterId = started.body.encounterId as string;
    expect(encounterId).toMatch(/^enc_/);

    const done = await post(platform, `/v1/consultation-tasks/${cardioTask}/complete`, qtph, OPINION);
    expect(done.body).toMatchObject({ status: 'completed', opinion: { signedBy: 'prc_chenjing', signedAt: '2026-06-01T08:00:00+08:00' } });
    expect((await get(platform, `/v1/consultations/${consultationId}`, linan)).body).toMatchObject({ status: 'in-progress', completedAt: null });

    await post(platform, `/v1/consultation-tasks/${onlineTask}/accept`, qtih, { practitionerId: 'prc_qianhui' });
    await post(platform, `/v1/consultation-tasks/${onlineTask}/start`, qtih);
    await post(platform, `/v1/consultation-tasks/${onlineTask}/complete`, qtih, { ...OPINION, signature: { practitionerId: 'prc_qianhui' } });
    expect((await get(platform, `/v1/consultations/${consultationId}`, qtph)).body).toMatchObject({ status: 'completed', completedAt: '2026-06-01T08:00:00+08:00' });

    expect(await eventTypes(platform, linan, 'consultation')).toEqual([
      `consultation.created ${consultationId}`,
      `consultation_task.requested ${cardioTask}`,
      `consultation_task.requested ${onlineTask}`,
      `consultation_task.accepted ${cardioTask}`,
      `consultation_task.started ${cardioTask}`,
      `consultation_task.completed ${cardioTask}`,
      `consultation_task.accepted ${onlineTask}`,
      `consultation_task.started ${onlineTask}`,
      `consultation_task.completed ${onlineTask}`,
      `consultation.completed ${consultationId}`,
    ]);
    // The expert encounter is the expert organization's: its events go to it, not to the inviter.
    const qtphEncounterEvents = (await get(platform, '/v1/events?limit=100', qtph)).body.data.filter((e: { data: { id: string } }) => e.data.id === encounterId);
    expect(qtphEncounterEvents.map((e: { type: string }) => e.type)).toEqual(['encounter.created', 'encounter.started', 'encounter.completed']);
  });

  it('a declined invitation ends the consultation when no other is open', async () => {
    const { platform, linan, qtph } = await world();
    const rejected = await post(platform, '/v1/consultation-tasks/ctk_zhaolei_ecg_requested/reject', qtph, { reason: 'No reader on duty' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { reason: 'No reader on duty' } });
    expect((await get(platform, '/v1/consultations/con_zhaolei_ecg', linan)).body.status).toBe('completed');
  });

  it('refuses an expert who is not real-name verified (PRACTITIONER_NOT_VERIFIED) or not of the invited organization', async () => {
    const { platform, qtph } = await world();
    const unverified = await post(platform, '/v1/consultation-tasks/ctk_zhaolei_ecg_requested/accept', qtph, { practitionerId: 'prc_hexin' });
    expect([unverified.status, unverified.body.code]).toEqual([403, 'PRACTITIONER_NOT_VERIFIED']);
    const elsewhere = await post(platform, '/v1/consultation-tasks/ctk_zhaolei_ecg_requested/accept', qtph, { practitionerId: 'prc_wanggang' });
    expect([elsewhere.status, elsewhere.body.errors[0].pointer]).toEqual([400, '/body/practitionerId']);
  });

  it('answers INVALID_STATE_TRANSITION for an action the task state does not allow', async () => {
    const { platform, qtph } = await world();
    const early = await post(platform, '/v1/consultation-tasks/ctk_zhaolei_ecg_requested/start', qtph);
    expect([early.status, early.body.code, early.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'requested']);
    const again = await post(platform, '/v1/consultation-tasks/ctk_zhaolei_qtph/accept', qtph, { practitionerId: 'prc_chenjing' });
    expect([again.status, again.body.currentState]).toEqual([409, 'in-progress']);
  });
});

describe('BR-CON-1', () => {
  it('BR-CON-1: completing a task files a consultation-opinion document and no prescription; an opinion with orders is refused 400', async () => {
    const services = seededServices();
    const domain = createConsultationsDomain(services);
    const qtph = organizationCaller('org_qtph');
    const treatingBefore = structuredClone(services.encounters.get('enc_zhaolei_linan'));

    const task = domain.routes['completeConsultationTask']?.(directContext(qtph, { taskId: 'ctk_zhaolei_qtph' }, OPINION));
    const documentId = (task?.body as { opinion: { documentId: string } }).opinion.documentId;
    expect(services.records.documents.get(documentId)).toMatchObject({
      type: 'consultation-opinion',
      patientId: 'pat_zhaolei',
      organizationId: 'org_qtph',
      encounterId: 'enc_zhaolei_consult_qtph',
      authorPractitionerId: 'prc_chenjing',
    });
    expect(services.encounters.get('enc_zhaolei_consult_qtph')?.status).toBe('completed');
    // Advice only: no prescription for the patient or on either encounter, the inviter's visit untouched.
    expect(services.prescriptions.byPatient.get('pat_zhaolei').size).toBe(0);
    expect(services.prescriptions.byEncounter.get('enc_zhaolei_consult_qtph').size).toBe(0);
    expect(services.prescriptions.byEncounter.get('enc_zhaolei_linan').size).toBe(0);
    expect(services.encounters.get('enc_zhaolei_linan')).toEqual(treatingBefore);

    const { platform, qtph: token } = await world();
    const withOrders = await post(platform, '/v1/consultation-tasks/ctk_zhaolei_qtph/complete', token, {
      ...OPINION,
      orders: [{ drug: 'amlodipine 10 mg', instructions: 'once daily' }],
    });
    expect([withOrders.status, withOrders.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await get(platform, '/v1/consultation-tasks/ctk_zhaolei_qtph', token)).body.status).toBe('in-progress');
  });

  it('BR-CON-1: a remote diagnosis files a diagnostic report', async () => {
    const { platform, qtph } = await world();
    const started = await post(platform, '/v1/consultation-tasks/ctk_zhaolei_echo_accepted/start', qtph);
    expect(started.body.status).toBe('in-progress');
    const done = await post(platform, '/v1/consultation-tasks/ctk_zhaolei_echo_accepted/complete', qtph, {
      text: 'Concentric LV hypertrophy, septum 13 mm; impaired relaxation.',
      conclusion: 'Hypertensive heart disease.',
      signature: { practitionerId: 'prc_yangfan' },
    });
    expect(done.status).toBe(200);
    const events = (await get(platform, '/v1/events?type=document.created', qtph)).body.data;
    expect(events.map((e: { data: { id: string } }) => e.data.id)).toEqual([done.body.opinion.documentId]);
  });

  it('the opinion is signed by the accepting expert only', async () => {
    const { platform, qtph } = await world();
    const answer = await post(platform, '/v1/consultation-tasks/ctk_zhaolei_qtph/complete', qtph, { ...OPINION, signature: { practitionerId: 'prc_yangfan' } });
    expect([answer.status, answer.body.errors[0].pointer]).toEqual([400, '/body/signature/practitionerId']);
  });
});

describe('cancelling', () => {
  it('cancels the open tasks and discontinues an expert encounter under way', async () => {
    const { platform, linan, qtph } = await world();
    const cancelled = await post(platform, '/v1/consultations/con_zhaolei_bp/cancel', linan);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await get(platform, '/v1/consultation-tasks/ctk_zhaolei_qtph', qtph)).body.status).toBe('cancelled');
    const discontinued = (await get(platform, '/v1/events?type=encounter.discontinued', qtph)).body.data;
    expect(discontinued.map((e: { data: { id: string } }) => e.data.id)).toEqual(['enc_zhaolei_consult_qtph']);
    // The expert sees its invitation end and the consultation withdrawn.
    const expertEvents = (await get(platform, '/v1/events?limit=100', qtph)).body.data as { type: string; data: { id: string } }[];
    expect(expertEvents.filter((e) => e.type.endsWith('.cancelled')).map((e) => [e.type, e.data.id])).toEqual([
      ['consultation_task.cancelled', 'ctk_zhaolei_qtph'],
      ['consultation.cancelled', 'con_zhaolei_bp'],
    ]);
    const again = await post(platform, '/v1/consultations/con_zhaolei_bp/cancel', linan);
    expect([again.status, again.body.code, again.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'cancelled']);
  });

  it('is the inviter’s alone: the expert organization gets 404', async () => {
    const { platform, qtph } = await world();
    const answer = await post(platform, '/v1/consultations/con_zhaolei_bp/cancel', qtph);
    expect([answer.status, answer.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('tenancy and audit', () => {
  it('another organization (and the inviter, for expert-only actions) gets 404', async () => {
    const { platform, kangning, gongshu, linan } = await world();
    // A pharmacy has no consultation scopes at all.
    expect((await get(platform, '/v1/consultations/con_zhaolei_bp', kangning)).body.code).toBe('INSUFFICIENT_SCOPE');
    expect((await get(platform, '/v1/consultations/con_zhaolei_bp', gongshu)).status).toBe(404);
    expect((await get(platform, '/v1/consultation-tasks/ctk_zhaolei_qtph', gongshu)).status).toBe(404);
    expect((await get(platform, '/v1/consultation-tasks/ctk_zhaolei_qtph', linan)).status).toBe(200);
    const byInviter = await post(platform, '/v1/consultation-tasks/ctk_zhaolei_ecg_requested/accept', linan, { practitionerId: 'prc_wanggang' });
    expect([byInviter.status, byInviter.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('lists the consultations a hospital asked for or was invited to, and the tasks of both parties', async () => {
    const { platform, linan, qtph, xixi, gongshu } = await world();
    // Lin'an asked for Zhao Lei's three and is the expert of Xixi's about Chen Jian.
    const linans = (await get(platform, '/v1/consultations', linan)).body.data.map((c: { id: string }) => c.id);
    expect(linans).toEqual(['con_chenjian_ecg', 'con_zhaolei_echo', 'con_zhaolei_ecg', 'con_zhaolei_bp']);
    // The provincial hospital is the expert of Zhao Lei's three.
    const invited = (await get(platform, '/v1/consultations', qtph)).body.data as { id: string; expertOrganizationIds: string[] }[];
    expect(invited.map((c) => c.id)).toEqual(['con_zhaolei_echo', 'con_zhaolei_ecg', 'con_zhaolei_bp']);
    expect(invited.every((c) => c.expertOrganizationIds.includes('org_qtph'))).toBe(true);
    expect((await get(platform, '/v1/consultations', gongshu)).body.data).toEqual([]);
    const tasks = (await get(platform, '/v1/consultation-tasks?status=requested', qtph)).body.data.map((t: { id: string }) => t.id);
    expect(tasks).toEqual(['ctk_zhaolei_ecg_requested']);
    expect((await get(platform, '/v1/consultation-tasks', xixi)).body.data.map((t: { id: string }) => t.id)).toEqual(['ctk_chenjian_ecg_requested']);
  });

  it('audits every read of a consultation or task by an organization (purpose remote-consultation)', () => {
    const services = seededServices();
    const domain = createConsultationsDomain(services);
    domain.routes['getConsultation']?.(directContext(organizationCaller('org_qtph'), { consultationId: 'con_zhaolei_bp' }));
    domain.routes['getConsultationTask']?.(directContext(organizationCaller('org_linan'), { taskId: 'ctk_zhaolei_qtph' }));
    expect(services.audit.all().map((entry) => [entry.organizationId, entry.resourceType, entry.resourceId, entry.purpose, entry.patientId])).toEqual([
      ['org_qtph', 'consultation', 'con_zhaolei_bp', 'remote-consultation', 'pat_zhaolei'],
      ['org_linan', 'consultation_task', 'ctk_zhaolei_qtph', 'remote-consultation', 'pat_zhaolei'],
    ]);
  });
});
