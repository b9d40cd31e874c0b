import { describe, expect, it } from 'vitest';
import { call, orgToken, testPlatform, directContext, organizationCaller, seededServices } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';
import { createConsultationsDomain } from '../consultations/domain.js';
import { createReferralsDomain } from './domain.js';

async function world() {
  const platform = testPlatform();
  return {
    platform,
    qtph: await orgToken(platform, 'qtph'),
    linan: await orgToken(platform, 'linan'),
    xixi: await orgToken(platform, 'xixi'),
    gongshu: await orgToken(platform, 'gongshu'),
    kangning: await orgToken(platform, 'kangning'),
  };
}

const post = (platform: MockPlatform, path: string, token: string, body?: unknown) =>
  call(platform, 'POST', path, { token, ...(body === undefined ? {} : { body }) });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });
const referralEvents = async (platform: MockPlatform, token: string) =>
  ((await get(platform, '/v1/events?limit=100', token)).body.data as { type: string; data: { id: string; organizationId?: string } }[])
    .filter((event) => event.type.startsWith('referral.'))
    .map((event) => `${event.type} ${event.data.id}`);

const UP = {
  patientId: 'pat_zhaolei',
  toOrganizationId: 'org_qtph',
  direction: 'up',
  fromEncounterId: 'enc_zhaolei_linan',
  toDepartmentId: 'dep_qtph_cardio',
  reason: 'Resistant hypertension',
  condition: { icd10: 'I10', display: 'Essential (primary) hypertension' },
  documentIds: ['doc_zhaolei_20230506'],
};

describe('a referral up with a number from the referral quota', () => {
  it('goes requested → received → accepted (booking the patient) → in-progress → completed, with events to both sides', async () => {
    const { platform, linan, qtph } = await world();
    const created = await post(platform, '/v1/referrals', linan, UP);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'requested', fromOrganizationId: 'org_linan', toOrganizationId: 'org_qtph', appointmentId: null });
    const id = created.body.id as string;

    expect((await post(platform, `/v1/referrals/${id}/receive`, qtph)).body.status).toBe('received');
    const before = (await get(platform, '/v1/slots/slt_chenjing_0602am_2', qtph)).body;
    expect([before.referralQuota, before.referralRemaining]).toEqual([2, 2]);
    const accepted = await post(platform, `/v1/referrals/${id}/accept`, qtph, { slotId: 'slt_chenjing_0602am_2' });
    expect(accepted.body.status).toBe('accepted');
    const appointment = (await get(platform, `/v1/appointments/${accepted.body.appointmentId}`, qtph)).body;
    expect(appointment).toMatchObject({ status: 'booked', patientId: 'pat_zhaolei', slotId: 'slt_chenjing_0602am_2', referralId: id, queueNumber: 11, fee: { amountFen: 5000 } });
    const after = (await get(platform, '/v1/slots/slt_chenjing_0602am_2', qtph)).body;
    // The referral number comes from the referral quota, not from the numbers released to the platform.
    expect([after.referralRemaining, after.remaining]).toEqual([1, before.remaining]);

    expect((await post(platform, `/v1/referrals/${id}/start`, qtph)).body.status).toBe('in-progress');
    const done = await post(platform, `/v1/referrals/${id}/complete`, qtph, { feedbackDocumentId: 'doc_zhaolei_qtph_discharge' });
    expect(done.body).toMatchObject({ status: 'completed', feedbackDocumentId: 'doc_zhaolei_qtph_discharge' });

    const expected = ['requested', 'received', 'accepted', 'started', 'completed'].map((type) => `referral.${type} ${id}`);
    expect(await referralEvents(platform, linan)).toEqual(expected);
    expect(await referralEvents(platform, qtph)).toEqual(expected);
  });

  it('SLOT_UNAVAILABLE when the referral quota is used up; DUPLICATE_BOOKING for a second number in the session', () => {
    const services = seededServices();
    createConsultationsDomain(services); // seeds the referring hospitals' encounters
    const domain = createReferralsDomain(services);
    const route = (operationId: string, organizationId: string, path: Record<string, string>, body?: unknown) => {
      const handler = domain.routes[operationId];
      if (!handler) throw new Error(`no route ${operationId}`);
      return handler(directContext(organizationCaller(organizationId), path, body)).body as { id: string; appointmentId: string | null };
    };
    const referUp = (from: string, patientId: string, fromEncounterId: string) => {
      const { id } = route('createReferral', from, {}, { ...UP, patientId, fromEncounterId, documentIds: [] });
      route('receiveReferral', 'org_qtph', { referralId: id });
      return id;
    };
    const slotId = 'slt_zhangwei_0604am_1';
    const slot = services.scheduling.store.slots.get(slotId);
    if (!slot) throw new Error('seeded slot missing');

    // Two referral numbers: Zhao Lei's and Chen Jian's referrals take them.
    expect(route('acceptReferral', 'org_qtph', { referralId: 'ref_zhaolei_up_received' }, { slotId }).appointmentId).toMatch(/^apt_/);
    route('acceptReferral', 'org_qtph', { referralId: referUp('org_xixi', 'pat_chenjian', 'enc_chenjian_xixi') }, { slotId });
    expect(services.scheduling.store.referralRemaining(slot)).toBe(0);

    const zhaoleiAgain = 'ref_zhaolei_up_requested';
    route('receiveReferral', 'org_qtph', { referralId: zhaoleiAgain });
    expect(() => route('acceptReferral', 'org_qtph', { referralId: zhaoleiAgain }, { slotId })).toThrow(expect.objectContaining({ status: 409, code: 'DUPLICATE_BOOKING' }));

    const treating = services.encounters.get('enc_zhaolei_linan');
    if (!treating) throw new Error('seeded encounter missing');
    services.encounters.add({ ...treating, id: 'enc_wangfang_linan', patientId: 'pat_wangfang' });
    const wangfang = referUp('org_linan', 'pat_wangfang', 'enc_wangfang_linan');
    expect(() => route('acceptReferral', 'org_qtph', { referralId: wangfang }, { slotId })).toThrow(expect.objectContaining({ status: 409, code: 'SLOT_UNAVAILABLE' }));
    // The refused acceptance changed nothing; the released numbers were never touched.
    expect(services.scheduling.store.remaining(slot)).toBe(slot.releasedCount - 1);
  });

  it('SLOT_UNAVAILABLE over HTTP once both referral numbers of the slot are taken', async () => {
    const { platform, qtph } = await world();
    // Zhang Wei's 06-04 first band sets two numbers aside; two referrals take them.
    const slot = (await get(platform, '/v1/slots/slt_zhangwei_0604am_1', qtph)).body;
    expect([slot.referralQuota, slot.referralRemaining]).toEqual([2, 2]);
    const first = await post(platform, '/v1/referrals/ref_zhaolei_up_received/accept', qtph, { slotId: 'slt_zhangwei_0604am_1' });
    expect(first.status).toBe(200);
    expect((await get(platform, '/v1/slots/slt_zhangwei_0604am_1', qtph)).body.referralRemaining).toBe(1);
  });

  it('a slot of another organization is a bad slotId', async () => {
    const { platform, qtph } = await world();
    const answer = await post(platform, '/v1/referrals/ref_zhaolei_up_received/accept', qtph, { slotId: 'slt_wanggang_0601am_1' });
    expect([answer.status, answer.body.errors[0].pointer]).toEqual([400, '/body/slotId']);
    expect((await get(platform, '/v1/referrals/ref_zhaolei_up_received', qtph)).body.status).toBe('received');
  });
});

describe('BR-REF-1', () => {
  it('BR-REF-1: completing without the receiver’s feedback document is refused with REFERRAL_FEEDBACK_REQUIRED', async () => {
    const { platform, qtph } = await world();
    const none = await post(platform, '/v1/referrals/ref_zhaolei_up_in_progress/complete', qtph, {});
    expect([none.status, none.body.code]).toEqual([422, 'REFERRAL_FEEDBACK_REQUIRED']);
    // A document of the patient held by the referring county hospital is not feedback.
    const senders = await post(platform, '/v1/referrals/ref_zhaolei_up_in_progress/complete', qtph, { feedbackDocumentId: 'doc_zhaolei_20230506' });
    expect([senders.status, senders.body.code]).toEqual([422, 'REFERRAL_FEEDBACK_REQUIRED']);
    // Another patient's document held by the receiver is not either.
    const otherPatient = await post(platform, '/v1/referrals/ref_zhaolei_up_in_progress/complete', qtph, { feedbackDocumentId: 'doc_lina_20251118' });
    expect([otherPatient.status, otherPatient.body.code]).toEqual([422, 'REFERRAL_FEEDBACK_REQUIRED']);
    expect((await get(platform, '/v1/referrals/ref_zhaolei_up_in_progress', qtph)).body.status).toBe('in-progress');
  });
});

describe('creating', () => {
  it('NOT_IN_ALLIANCE: an institution outside every alliance offering referral is refused 422', async () => {
    const { platform, linan } = await world();
    const answer = await post(platform, '/v1/referrals', linan, { ...UP, toOrganizationId: 'org_renai', toDepartmentId: 'dep_renai_dispensary' });
    expect([answer.status, answer.body.code]).toEqual([422, 'NOT_IN_ALLIANCE']);
  });

  it('refers down from the provincial hospital to the community', async () => {
    const { platform, qtph, xixi } = await world();
    const answer = await post(platform, '/v1/referrals', qtph, {
      patientId: 'pat_lina',
      toOrganizationId: 'org_xixi',
      direction: 'down',
      fromEncounterId: 'enc_lina_20251118',
      toDepartmentId: 'dep_xixi_gp',
      reason: 'Stable diabetes: community follow-up',
      condition: { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ direction: 'down', fromOrganizationId: 'org_qtph', toOrganizationId: 'org_xixi', documentIds: [] });
    expect(await referralEvents(platform, xixi)).toContain(`referral.requested ${answer.body.id}`);
  });

  it('a direction that does not match the levels is VALIDATION_FAILED at /body/direction', async () => {
    const { platform, linan } = await world();
    const answer = await post(platform, '/v1/referrals', linan, { ...UP, direction: 'down' });
    expect([answer.status, answer.body.code, answer.body.errors[0].pointer]).toEqual([400, 'VALIDATION_FAILED', '/body/direction']);
  });

  it("another institution's encounter is 404", async () => {
    const { platform, xixi } = await world();
    const answer = await post(platform, '/v1/referrals', xixi, UP);
    expect([answer.status, answer.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('cancelling and declining', () => {
  it('the sender cancels; a reserved referral number goes back to the quota', async () => {
    const { platform, linan, qtph } = await world();
    const accepted = await post(platform, '/v1/referrals/ref_zhaolei_up_received/accept', qtph, { slotId: 'slt_chenjing_0602am_2' });
    const cancelled = await post(platform, '/v1/referrals/ref_zhaolei_up_received/cancel', linan);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await get(platform, `/v1/appointments/${accepted.body.appointmentId}`, qtph)).body.status).toBe('cancelled');
    expect((await get(platform, '/v1/slots/slt_chenjing_0602am_2', qtph)).body.referralRemaining).toBe(2);
    expect(await referralEvents(platform, qtph)).toEqual(['referral.accepted ref_zhaolei_up_received', 'referral.cancelled ref_zhaolei_up_received']);
  });

  it('the down referral is cancelled by its sender; the receiver gets 404 for the sender’s action', async () => {
    const { platform, qtph, xixi } = await world();
    const byReceiver = await post(platform, '/v1/referrals/ref_lina_down_requested/cancel', xixi);
    expect([byReceiver.status, byReceiver.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await post(platform, '/v1/referrals/ref_lina_down_requested/cancel', qtph)).body.status).toBe('cancelled');
  });

  it('an in-progress referral cannot be cancelled (INVALID_STATE_TRANSITION); receiver-only actions are 404 to the sender', async () => {
    const { platform, linan, qtph } = await world();
    const late = await post(platform, '/v1/referrals/ref_zhaolei_up_in_progress/cancel', linan);
    expect([late.status, late.body.code, late.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'in-progress']);
    const bySender = await post(platform, '/v1/referrals/ref_zhaolei_up_requested/receive', linan);
    expect([bySender.status, bySender.body.code]).toEqual([404, 'NOT_FOUND']);
    const early = await post(platform, '/v1/referrals/ref_zhaolei_up_requested/accept', qtph, {});
    expect([early.status, early.body.currentState]).toEqual([409, 'requested']);
  });

  it('the receiver declines with a reason', async () => {
    const { platform, linan, qtph } = await world();
    const rejected = await post(platform, '/v1/referrals/ref_zhaolei_up_received/reject', qtph, { reason: 'No beds' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { reason: 'No beds' } });
    expect(await referralEvents(platform, linan)).toEqual(['referral.rejected ref_zhaolei_up_received']);
  });
});

describe('tenancy and audit', () => {
  it('only the two institutions see a referral', async () => {
    const { platform, gongshu, kangning, linan, qtph } = await world();
    expect((await get(platform, '/v1/referrals/ref_zhaolei_up_requested', gongshu)).status).toBe(404);
    // A pharmacy has no referral scopes at all.
    expect((await get(platform, '/v1/referrals/ref_zhaolei_up_requested', kangning)).body.code).toBe('INSUFFICIENT_SCOPE');
    expect((await get(platform, '/v1/referrals/ref_zhaolei_up_requested', linan)).status).toBe(200);
    const listed = (await get(platform, '/v1/referrals?direction=down', qtph)).body.data.map((r: { id: string }) => r.id);
    expect(listed).toEqual(['ref_lina_down_requested']);
    expect((await get(platform, '/v1/referrals', gongshu)).body.data).toEqual([]);
  });

  it('audits every read of a referral by an organization (purpose referral)', () => {
    const services = seededServices();
    const domain = createReferralsDomain(services);
    domain.routes['getReferral']?.(directContext(organizationCaller('org_qtph'), { referralId: 'ref_zhaolei_up_requested' }));
    expect(services.audit.all().map((entry) => [entry.organizationId, entry.resourceType, entry.resourceId, entry.purpose])).toEqual([
      ['org_qtph', 'referral', 'ref_zhaolei_up_requested', 'referral'],
    ]);
  });
});
