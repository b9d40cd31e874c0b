import { describe, expect, it } from 'vitest';
import { call, orgToken, patientLogin, testPlatform, MOBILE } from '../../../test/helpers.js';
import type { Caller } from '../../engine/auth.js';
import { DomainError } from '../../engine/problem.js';
import type { MockPlatform } from '../../index.js';
import type { PlatformServices } from '../../services.js';
import { createServices } from '../../world.js';
import { SEED_DRUGS } from './drugs.js';
import { prescriptionRoutes } from './routes.js';
import { assertQuantityWithinLimit } from './rules.js';
import { seedPrescriptionStore } from './seed.js';
import { PrescriptionService } from './service.js';

const HOUR = 3_600_000;
const METFORMIN = { drugId: 'drg_metformin_500', quantity: 14, dosage: '500 mg twice daily with meals', daysSupply: 7 };
const ADDRESS = { recipient: 'Li Na', mobile: '13800000001', province: 'Zhejiang', city: 'Hangzhou', district: 'Xihu', line: '18 Wensan Road, Room 502' };

async function world() {
  const platform = testPlatform();
  return {
    platform,
    qtih: await orgToken(platform, 'qtih'),
    qtph: await orgToken(platform, 'qtph'),
    jiuzhou: await orgToken(platform, 'jiuzhou'),
    renai: await orgToken(platform, 'renai'),
    lina: (await patientLogin(platform, MOBILE.lina)).token,
    wangfang: (await patientLogin(platform, MOBILE.wangfang)).token,
    zhaolei: (await patientLogin(platform, MOBILE.zhaolei)).token,
  };
}

const post = (platform: MockPlatform, path: string, token: string, body: unknown) => call(platform, 'POST', path, { token, body });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });
const problem = (result: { status: number; body: { code?: string } }) => [result.status, result.body.code];
const eventTypes = async (platform: MockPlatform, token: string, id: string) =>
  ((await get(platform, '/v1/events?limit=100', token)).body.data as { type: string; data: { id: string } }[])
    .filter((event) => event.data.id === id)
    .map((event) => event.type);

/** Writes, signs and approves a prescription at the internet hospital; returns its id. */
async function activePrescription(w: Awaited<ReturnType<typeof world>>, items: unknown[], encounterId = 'enc_lina_followup'): Promise<string> {
  const created = await post(w.platform, '/v1/prescriptions', w.qtih, { encounterId, practitionerId: 'prc_qianhui', items });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await post(w.platform, `/v1/prescriptions/${id}/sign`, w.qtih, { practitionerId: 'prc_qianhui' })).status).toBe(200);
  const approved = await post(w.platform, `/v1/prescriptions/${id}/review`, w.qtih, { pharmacistId: 'prc_heping', outcome: 'approved' });
  expect(approved.body.status).toBe('active');
  return id;
}

describe('the prescription life cycle', () => {
  it('create → sign → review rejected → revise → sign → approved → route', async () => {
    const w = await world();
    const { platform, qtih, lina } = w;
    const created = await post(platform, '/v1/prescriptions', qtih, { encounterId: 'enc_lina_followup', practitionerId: 'prc_qianhui', items: [METFORMIN] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: 1,
      status: 'draft',
      patientId: 'pat_lina',
      organizationId: 'org_qtih',
      diagnosis: { icd10: 'E11.9' },
      signature: null,
      emergency: false,
      longTerm: false,
      createdAt: '2026-06-01T08:00:00+08:00',
    });
    const id = created.body.id as string;
    const signed = await post(platform, `/v1/prescriptions/${id}/sign`, qtih, { practitionerId: 'prc_qianhui' });
    expect(signed.body).toMatchObject({ status: 'pending-review', signature: { practitionerId: 'prc_qianhui', signedAt: '2026-06-01T08:00:00+08:00' } });

    const issues = [{ kind: 'dose', itemIndex: 0, message: 'Check the dose' }];
    const rejected = await post(platform, `/v1/prescriptions/${id}/review`, qtih, { pharmacistId: 'prc_heping', outcome: 'rejected', issues });
    expect(rejected.body).toMatchObject({ status: 'draft', reviews: [{ outcome: 'rejected', version: 1, issues }] });

    const revised = await post(platform, `/v1/prescriptions/${id}/revise`, qtih, { items: [{ ...METFORMIN, quantity: 10, daysSupply: 5 }] });
    expect(revised.body).toMatchObject({ version: 2, status: 'draft', signature: null, items: [{ quantity: 10, daysSupply: 5 }] });

    expect((await post(platform, `/v1/prescriptions/${id}/sign`, qtih, { practitionerId: 'prc_qianhui' })).body.status).toBe('pending-review');
    const approved = await post(platform, `/v1/prescriptions/${id}/review`, qtih, { pharmacistId: 'prc_heping', outcome: 'approved' });
    expect(approved.body).toMatchObject({
      status: 'active',
      issuedAt: '2026-06-01T08:00:00+08:00',
      expiresAt: '2026-06-01T23:59:59+08:00',
      reviews: [{ outcome: 'rejected' }, { outcome: 'approved', version: 2, pharmacistId: 'prc_heping' }],
    });

    const routed = await post(platform, `/v1/prescriptions/${id}/route`, lina, { pharmacyId: 'org_jiuzhou', method: 'pickup' });
    expect(routed.status).toBe(200);
    expect(routed.body).toMatchObject({ pharmacyId: 'org_jiuzhou', routing: { pharmacyId: 'org_jiuzhou', method: 'pickup', status: 'requested', deliveryAddress: null } });

    expect(await eventTypes(platform, qtih, id)).toEqual([
      'prescription.created',
      'prescription.signed',
      'prescription.rejected',
      'prescription.revised',
      'prescription.signed',
      'prescription.approved',
      'prescription.routed',
    ]);
    // The pharmacy learns of it when it is routed to it; the patient sees every step.
    expect(await eventTypes(platform, w.jiuzhou, id)).toEqual(['prescription.routed']);
    expect((await eventTypes(platform, lina, id)).length).toBe(7);
    const event = ((await get(platform, '/v1/events?type=prescription.routed', w.jiuzhou)).body.data as { data: unknown }[]).at(-1);
    expect(event?.data).toEqual({ object: 'prescription', id, status: 'active', organizationId: 'org_qtih', patientId: 'pat_lina' });
  });

  it('cancels an active prescription once; a cancelled one cannot be routed', async () => {
    const { platform, qtih, lina } = await world();
    const cancelled = await post(platform, '/v1/prescriptions/rx_lina_cancel/cancel', qtih, { reason: 'Patient reported an allergy' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'Patient reported an allergy', cancelledAt: '2026-06-01T08:00:00+08:00' } });
    const again = await post(platform, '/v1/prescriptions/rx_lina_cancel/cancel', qtih, { reason: 'again' });
    expect([...problem(again), again.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'cancelled']);
    expect(problem(await post(platform, '/v1/prescriptions/rx_lina_cancel/route', lina, { pharmacyId: 'org_jiuzhou', method: 'pickup' }))).toEqual([
      409,
      'INVALID_STATE_TRANSITION',
    ]);
    expect(await eventTypes(platform, qtih, 'rx_lina_cancel')).toEqual(['prescription.cancelled']);
  });

  it('refuses revising or signing anything but a draft', async () => {
    const { platform, qtih } = await world();
    expect(problem(await post(platform, '/v1/prescriptions/rx_lina_active/revise', qtih, { items: [METFORMIN] }))).toEqual([409, 'INVALID_STATE_TRANSITION']);
    expect(problem(await post(platform, '/v1/prescriptions/rx_lina_pending/sign', qtih, { practitionerId: 'prc_qianhui' }))).toEqual([
      409,
      'INVALID_STATE_TRANSITION',
    ]);
  });

  it('a rejection names at least one issue', async () => {
    const { platform, qtih } = await world();
    const result = await post(platform, '/v1/prescriptions/rx_lina_pending/review', qtih, { pharmacistId: 'prc_heping', outcome: 'rejected' });
    expect([...problem(result), result.body.errors[0].pointer]).toEqual([400, 'VALIDATION_FAILED', '/body/issues']);
  });
});

describe('prescribing rules', () => {
  const create = (w: Awaited<ReturnType<typeof world>>, token: string, body: Record<string, unknown>) => post(w.platform, '/v1/prescriptions', token, body);

  it('BR-RX-1: only the consulting doctor of an in-progress encounter prescribes, nothing AI-generated', async () => {
    const w = await world();
    const notConsulting = await create(w, w.qtih, { encounterId: 'enc_lina_followup', practitionerId: 'prc_luoyu', items: [METFORMIN] });
    expect(problem(notConsulting)).toEqual([403, 'PRESCRIBER_NOT_CONSULTING']);
    const planned = await create(w, w.qtih, { encounterId: 'enc_zhaolei_followup', practitionerId: 'prc_qianhui', items: [METFORMIN] });
    expect(problem(planned)).toEqual([409, 'ENCOUNTER_NOT_ACTIVE']);
    const ai = await create(w, w.qtih, { encounterId: 'enc_lina_followup', practitionerId: 'prc_qianhui', items: [METFORMIN], aiGenerated: true });
    expect(problem(ai)).toEqual([422, 'AI_GENERATED_PRESCRIPTION_FORBIDDEN']);
    // Another institution's encounter is not there for the caller.
    const foreign = await create(w, w.qtph, { encounterId: 'enc_lina_followup', practitionerId: 'prc_qianhui', items: [METFORMIN] });
    expect(problem(foreign)).toEqual([404, 'NOT_FOUND']);
  });

  it('BR-CON-1: a remote consultation takes no prescription (CONSULTATION_ORDER_FORBIDDEN)', async () => {
    const w = await world();
    const result = await create(w, w.qtph, { encounterId: 'enc_zhaolei_consult_qtph', practitionerId: 'prc_chenjing', items: [METFORMIN] });
    expect(problem(result)).toEqual([403, 'CONSULTATION_ORDER_FORBIDDEN']);
  });

  it('BR-RX-3: an online encounter prescribes no controlled drug (CONTROLLED_DRUG_ONLINE_FORBIDDEN); in person may', async () => {
    const w = await world();
    const diazepam = { drugId: 'drg_diazepam_25', quantity: 7, dosage: '2.5 mg at night', daysSupply: 7 };
    const online = await create(w, w.qtih, { encounterId: 'enc_lina_followup', practitionerId: 'prc_qianhui', items: [METFORMIN, diazepam] });
    expect([...problem(online), online.body.errors[0].pointer]).toEqual([422, 'CONTROLLED_DRUG_ONLINE_FORBIDDEN', '/body/items/1/drugId']);
    // An in-store tele-consultation is online too.
    const inStore = await create(w, w.qtih, { encounterId: 'enc_zhaolei_instore', practitionerId: 'prc_qianhui', items: [diazepam] });
    expect(problem(inStore)).toEqual([422, 'CONTROLLED_DRUG_ONLINE_FORBIDDEN']);
    const inPerson = await create(w, w.qtph, { encounterId: 'enc_chenxiaoyu_outpatient', practitionerId: 'prc_huangmin', items: [diazepam] });
    expect(inPerson.status).toBe(201);
  });

  it('BR-RX-4: a patient under 6 without a guardian gets no prescription (GUARDIAN_REQUIRED)', async () => {
    const w = await world();
    const amoxicillin = { drugId: 'drg_amoxicillin_susp', quantity: 1, dosage: '5 ml three times daily', daysSupply: 5 };
    const noGuardian = await create(w, w.qtph, { encounterId: 'enc_zhouxiaoming_outpatient', practitionerId: 'prc_huangmin', items: [amoxicillin] });
    expect(problem(noGuardian)).toEqual([422, 'GUARDIAN_REQUIRED']);
    const withGuardian = await create(w, w.qtph, { encounterId: 'enc_chenxiaoyu_outpatient', practitionerId: 'prc_huangmin', items: [amoxicillin] });
    expect(withGuardian.body).toMatchObject({ status: 'draft', patientId: 'pat_chenxiaoyu' });
  });

  it('BR-RX-6: at most 7 days, 3 in an emergency, 84 long-term for a chronic condition (QUANTITY_LIMIT_EXCEEDED)', async () => {
    const w = await world();
    const base = { encounterId: 'enc_lina_followup', practitionerId: 'prc_qianhui' };
    const eight = await create(w, w.qtih, { ...base, items: [METFORMIN, { ...METFORMIN, daysSupply: 8 }] });
    expect([...problem(eight), eight.body.errors[0].pointer]).toEqual([422, 'QUANTITY_LIMIT_EXCEEDED', '/body/items/1/daysSupply']);
    const emergency = await create(w, w.qtih, { ...base, emergency: true, items: [{ ...METFORMIN, daysSupply: 4 }] });
    expect(problem(emergency)).toEqual([422, 'QUANTITY_LIMIT_EXCEEDED']);
    const longTerm = await create(w, w.qtih, { ...base, longTerm: true, items: [{ ...METFORMIN, quantity: 168, daysSupply: 84 }] });
    expect(longTerm.body).toMatchObject({ status: 'draft', longTerm: true });
    const tooLong = await create(w, w.qtih, { ...base, longTerm: true, items: [{ ...METFORMIN, daysSupply: 85 }] });
    expect(problem(tooLong)).toEqual([422, 'QUANTITY_LIMIT_EXCEEDED']);
    // A revision is held to the same limits.
    const revised = await post(w.platform, '/v1/prescriptions/rx_lina_rejected/revise', w.qtih, { items: [{ ...METFORMIN, daysSupply: 8 }] });
    expect(problem(revised)).toEqual([422, 'QUANTITY_LIMIT_EXCEEDED']);
    // Acute bronchitis is no chronic condition: long-term changes nothing.
    expect(() => assertQuantityWithinLimit([{ ...METFORMIN, daysSupply: 30 }], { emergency: false, longTerm: true }, 'J20.9')).toThrow(
      expect.objectContaining({ status: 422, code: 'QUANTITY_LIMIT_EXCEEDED' }),
    );
  });
});

describe('signature and review', () => {
  it('BR-RX-2: review needs a signature, a pharmacist of the institution, and routing needs approval', async () => {
    const { platform, qtih, lina } = await world();
    const unsigned = await post(platform, '/v1/prescriptions/rx_lina_draft/review', qtih, { pharmacistId: 'prc_heping', outcome: 'approved' });
    expect(problem(unsigned)).toEqual([409, 'PRESCRIPTION_NOT_SIGNED']);
    const doctor = await post(platform, '/v1/prescriptions/rx_lina_pending/review', qtih, { pharmacistId: 'prc_qianhui', outcome: 'approved' });
    expect(problem(doctor)).toEqual([403, 'PHARMACIST_REQUIRED']);
    const otherInstitution = await post(platform, '/v1/prescriptions/rx_lina_pending/review', qtih, { pharmacistId: 'prc_wuyue', outcome: 'approved' });
    expect(problem(otherInstitution)).toEqual([403, 'PHARMACIST_REQUIRED']);
    const notPrescriber = await post(platform, '/v1/prescriptions/rx_lina_draft/sign', qtih, { practitionerId: 'prc_luoyu' });
    expect(problem(notPrescriber)).toEqual([403, 'PRESCRIBER_NOT_CONSULTING']);
    const pickup = { pharmacyId: 'org_jiuzhou', method: 'pickup' };
    expect(problem(await post(platform, '/v1/prescriptions/rx_lina_draft/route', lina, pickup))).toEqual([409, 'PRESCRIPTION_NOT_SIGNED']);
    expect(problem(await post(platform, '/v1/prescriptions/rx_lina_pending/route', lina, pickup))).toEqual([409, 'PRESCRIPTION_REVIEW_REQUIRED']);
  });
});

describe('validity', () => {
  it('BR-RX-5: valid to the end of the issue day, then expired by the clock (PRESCRIPTION_EXPIRED)', async () => {
    const { platform } = await world();
    platform.clock.advance(16 * HOUR + 1000); // 2026-06-02T00:00:01+08:00
    // Tokens last 2 hours: log in again on the new day.
    const qtih = await orgToken(platform, 'qtih');
    const lina = (await patientLogin(platform, MOBILE.lina)).token;
    const expired = await get(platform, '/v1/prescriptions/rx_lina_active', lina);
    expect(expired.body).toMatchObject({ status: 'expired', updatedAt: '2026-06-01T23:59:59+08:00' });
    // An unapproved one lapses with its day too; a draft does not.
    expect((await get(platform, '/v1/prescriptions/rx_lina_pending', lina)).body.status).toBe('expired');
    expect((await get(platform, '/v1/prescriptions/rx_lina_draft', lina)).body.status).toBe('draft');
    expect(problem(await post(platform, '/v1/prescriptions/rx_lina_active/route', lina, { pharmacyId: 'org_jiuzhou', method: 'pickup' }))).toEqual([
      409,
      'PRESCRIPTION_EXPIRED',
    ]);
    expect(problem(await post(platform, '/v1/prescriptions/rx_lina_extend/extend', qtih, { days: 3 }))).toEqual([409, 'PRESCRIPTION_EXPIRED']);
    expect(await eventTypes(platform, qtih, 'rx_lina_active')).toEqual(['prescription.expired']);
  });

  it('BR-RX-5: the doctor extends to 3 days from the issue day, never shorter', async () => {
    const { platform, qtih } = await world();
    const extended = await post(platform, '/v1/prescriptions/rx_lina_extend/extend', qtih, { days: 3 });
    expect(extended.body).toMatchObject({ status: 'active', issuedAt: '2026-06-01T07:55:00+08:00', expiresAt: '2026-06-03T23:59:59+08:00' });
    const shorter = await post(platform, '/v1/prescriptions/rx_lina_extend/extend', qtih, { days: 2 });
    expect([...problem(shorter), shorter.body.errors[0].pointer]).toEqual([400, 'VALIDATION_FAILED', '/body/days']);
    expect(problem(await post(platform, '/v1/prescriptions/rx_lina_extend/extend', qtih, { days: 4 }))).toEqual([400, 'VALIDATION_FAILED']);
    platform.clock.advance(2 * 24 * HOUR); // 2026-06-03T08:00: still valid
    const later = await orgToken(platform, 'qtih');
    expect((await get(platform, '/v1/prescriptions/rx_lina_extend', later)).body.status).toBe('active');
    platform.clock.advance(16 * HOUR); // 2026-06-04T00:00
    const nextDay = await orgToken(platform, 'qtih');
    expect((await get(platform, '/v1/prescriptions/rx_lina_extend', nextDay)).body).toMatchObject({ status: 'expired', updatedAt: '2026-06-03T23:59:59+08:00' });
    expect(await eventTypes(platform, nextDay, 'rx_lina_extend')).toEqual(['prescription.extended', 'prescription.expired']);
  });
});

describe('routing', () => {
  it('BR-RX-7: only the patient routes; re-routing before acceptance moves it to the new pharmacy', async () => {
    const { platform, qtih, lina, jiuzhou, renai } = await world();
    const byHospital = await post(platform, '/v1/prescriptions/rx_lina_active/route', qtih, { pharmacyId: 'org_jiuzhou', method: 'pickup' });
    expect(problem(byHospital)).toEqual([403, 'INSUFFICIENT_SCOPE']);
    expect(problem(await get(platform, '/v1/prescriptions/rx_lina_active', jiuzhou))).toEqual([404, 'NOT_FOUND']);
    await post(platform, '/v1/prescriptions/rx_lina_active/route', lina, { pharmacyId: 'org_jiuzhou', method: 'pickup' });
    const inbox = async () => (await get(platform, '/v1/prescriptions?routingStatus=requested&limit=100', jiuzhou)).body.data.map((p: { id: string }) => p.id);
    expect(await inbox()).toContain('rx_lina_active');
    const rerouted = await post(platform, '/v1/prescriptions/rx_lina_active/route', lina, { pharmacyId: 'org_renai', method: 'delivery', deliveryAddress: ADDRESS });
    expect(rerouted.body).toMatchObject({ pharmacyId: 'org_renai', routing: { pharmacyId: 'org_renai', method: 'delivery', deliveryAddress: ADDRESS } });
    expect(problem(await get(platform, '/v1/prescriptions/rx_lina_active', jiuzhou))).toEqual([404, 'NOT_FOUND']);
    expect(await inbox()).not.toContain('rx_lina_active');
    expect((await get(platform, '/v1/prescriptions/rx_lina_active', renai)).status).toBe(200);
  });

  it('BR-RX-7: once a pharmacy accepts, routing is locked (INVALID_STATE_TRANSITION)', () => {
    const { services, service } = careWorld();
    const lina: Caller = { kind: 'patient', subject: 'pat_lina', patientId: 'pat_lina', scopes: [] };
    const prescription = service.route(lina, 'rx_lina_active', { pharmacyId: 'org_jiuzhou', method: 'pickup' }, NOW);
    if (prescription.routing) prescription.routing.status = 'accepted';
    const reroute = () => service.route(lina, 'rx_lina_active', { pharmacyId: 'org_renai', method: 'pickup' }, NOW);
    expect(reroute).toThrow(expect.objectContaining({ status: 409, code: 'INVALID_STATE_TRANSITION' }));
    expect(services.prescriptions.get('rx_lina_active')?.pharmacyId).toBe('org_jiuzhou');
  });

  it('BR-RX-7: a declined routing is kept and the patient routes elsewhere', () => {
    const { service } = careWorld();
    const lina: Caller = { kind: 'patient', subject: 'pat_lina', patientId: 'pat_lina', scopes: [] };
    const prescription = service.route(lina, 'rx_lina_active', { pharmacyId: 'org_jiuzhou', method: 'pickup' }, NOW);
    if (prescription.routing) Object.assign(prescription.routing, { status: 'rejected', rejection: { reason: 'out-of-stock', note: null } });
    service.route(lina, 'rx_lina_active', { pharmacyId: 'org_renai', method: 'pickup' }, NOW + 1000);
    expect(prescription.declinedRoutings.map((r) => [r.pharmacyId, r.status])).toEqual([['org_jiuzhou', 'rejected']]);
    expect(prescription.routing).toMatchObject({ pharmacyId: 'org_renai', status: 'requested' });
  });

  it('BR-RX-7: an in-store tele-consultation is routed to that pharmacy for pickup on approval', async () => {
    const w = await world();
    const amlodipine = { drugId: 'drg_amlodipine_5', quantity: 7, dosage: '5 mg once daily', daysSupply: 7 };
    const id = await activePrescription(w, [amlodipine], 'enc_zhaolei_instore');
    const seen = await get(w.platform, `/v1/prescriptions/${id}`, w.jiuzhou);
    expect(seen.body).toMatchObject({ patientId: 'pat_zhaolei', pharmacyId: 'org_jiuzhou', routing: { method: 'pickup', status: 'requested' } });
    expect(await eventTypes(w.platform, w.jiuzhou, id)).toEqual(['prescription.routed']);
  });

  it('BR-RX-9: a drug on the online-sale prohibited list is not delivered (DRUG_ONLINE_SALE_PROHIBITED)', async () => {
    const w = await world();
    const warfarin = { drugId: 'drg_warfarin_3', quantity: 7, dosage: '3 mg once daily', daysSupply: 7 };
    const id = await activePrescription(w, [METFORMIN, warfarin]);
    const delivery = await post(w.platform, `/v1/prescriptions/${id}/route`, w.lina, { pharmacyId: 'org_jiuzhou', method: 'delivery', deliveryAddress: ADDRESS });
    expect(problem(delivery)).toEqual([422, 'DRUG_ONLINE_SALE_PROHIBITED']);
    expect(delivery.body.detail).toContain('drg_warfarin_3');
    const pickup = await post(w.platform, `/v1/prescriptions/${id}/route`, w.lina, { pharmacyId: 'org_jiuzhou', method: 'pickup' });
    expect(pickup.status).toBe(200);
  });

  it('delivery needs an address, pickup takes none, and the pharmacy must be one', async () => {
    const { platform, lina } = await world();
    const path = '/v1/prescriptions/rx_lina_active/route';
    expect(problem(await post(platform, path, lina, { pharmacyId: 'org_jiuzhou', method: 'delivery' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(problem(await post(platform, path, lina, { pharmacyId: 'org_jiuzhou', method: 'pickup', deliveryAddress: ADDRESS }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(problem(await post(platform, path, lina, { pharmacyId: 'org_qtph', method: 'pickup' }))).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('tenancy', () => {
  it('another hospital, another patient and an unrouted pharmacy get 404', async () => {
    const { platform, qtph, wangfang, jiuzhou, qtih, lina } = await world();
    for (const token of [qtph, wangfang, jiuzhou]) expect(problem(await get(platform, '/v1/prescriptions/rx_lina_active', token))).toEqual([404, 'NOT_FOUND']);
    expect(problem(await post(platform, '/v1/prescriptions/rx_lina_draft/sign', qtph, { practitionerId: 'prc_qianhui' }))).toEqual([404, 'NOT_FOUND']);
    expect(problem(await post(platform, '/v1/prescriptions/rx_lina_active/route', wangfang, { pharmacyId: 'org_jiuzhou', method: 'pickup' }))).toEqual([
      404,
      'NOT_FOUND',
    ]);
    expect((await get(platform, '/v1/prescriptions', qtph)).body.data).toEqual([]);
    expect((await get(platform, '/v1/prescriptions', wangfang)).body.data).toEqual([]);
    const own = (await get(platform, '/v1/prescriptions?status=active', lina)).body.data.map((p: { id: string }) => p.id);
    expect(own).toEqual(expect.arrayContaining(['rx_lina_active', 'rx_lina_cancel', 'rx_lina_extend']));
    // Li Na sees only her own, the prescribing internet hospital all of its own (the seeds of both domains).
    const all = (await get(platform, '/v1/prescriptions?limit=100', lina)).body.data as { patientId: string; organizationId: string }[];
    expect(all.every((p) => p.patientId === 'pat_lina')).toBe(true);
    const hospitals = (await get(platform, '/v1/prescriptions?limit=100', qtih)).body.data as { organizationId: string }[];
    expect(hospitals.length).toBeGreaterThanOrEqual(6);
    expect(hospitals.every((p) => p.organizationId === 'org_qtih')).toBe(true);
  });
});

describe('drugs', () => {
  it('lists and gets catalogue drugs with their flags', async () => {
    const { platform, lina, jiuzhou } = await world();
    const all = await get(platform, '/v1/drugs?limit=100', lina);
    expect(all.body.data).toHaveLength(SEED_DRUGS.length);
    expect((await get(platform, '/v1/drugs?q=WARFARIN', jiuzhou)).body.data).toEqual([
      expect.objectContaining({ id: 'drg_warfarin_3', onlineSale: { prohibited: true, reason: 'narrow-therapeutic-index' } }),
    ]);
    expect((await get(platform, '/v1/drugs?controlClass=narcotic', lina)).body.data.map((d: { id: string }) => d.id)).toEqual(['drg_morphine_10']);
    expect((await get(platform, '/v1/drugs/drg_metformin_500', lina)).body).toMatchObject({ controlClass: 'none', onlineSale: { prohibited: false, reason: null } });
    expect(problem(await get(platform, '/v1/drugs/drg_nothing', lina))).toEqual([404, 'NOT_FOUND']);
  });
});

// ── Service level: audit entries and stock reservations, which the API of this domain does not expose. ──

const NOW = Date.parse('2026-06-01T08:00:00+08:00');

function careWorld() {
  const services = createServices('test');
  seedPrescriptionStore(services);
  const service = new PrescriptionService(services);
  return { services, service, routes: prescriptionRoutes(services, service) };
}

function acceptedAtJiuzhou(services: PlatformServices, id: string) {
  services.inventory.add({ id: 'inv_jiuzhou_metformin', pharmacyId: 'org_jiuzhou', drugId: 'drg_metformin_500', onHand: 100, reserved: 0, unitPriceFen: 50, lots: [], updatedAtMs: NOW });
  const prescription = services.prescriptions.get(id);
  if (!prescription) throw new Error(id);
  prescription.routing = {
    pharmacyId: 'org_jiuzhou',
    method: 'pickup',
    status: 'accepted',
    deliveryAddress: null,
    rejection: null,
    requestedAtMs: NOW,
    acceptedAtMs: NOW,
    completedAtMs: null,
  };
  services.prescriptions.routedTo(prescription, 'org_jiuzhou');
  services.inventory.reserve('org_jiuzhou', prescription.items, NOW);
  expect(services.inventory.available('org_jiuzhou', 'drg_metformin_500')).toBe(86);
}

describe('audit and stock', () => {
  const hospital: Caller = { kind: 'organization', subject: 'cli_qtih', organizationId: 'org_qtih', scopes: [] };
  const patient: Caller = { kind: 'patient', subject: 'pat_lina', patientId: 'pat_lina', scopes: [] };
  const context = (caller: Caller, path: Record<string, string> = {}, query: Record<string, unknown> = {}) => ({ caller, path, query, body: undefined, nowMs: NOW });

  it("records an organization's reads of prescriptions, not the patient's own", () => {
    const { services, routes } = careWorld();
    routes['getPrescription']?.(context(hospital, { prescriptionId: 'rx_lina_active' }));
    routes['getPrescription']?.(context(patient, { prescriptionId: 'rx_lina_active' }));
    expect(services.audit.all().map((entry) => [entry.organizationId, entry.resourceType, entry.resourceId, entry.purpose])).toEqual([
      ['org_qtih', 'prescription', 'rx_lina_active', 'treatment'],
    ]);
    routes['listPrescriptions']?.(context(hospital, {}, { status: 'active' }));
    expect(services.audit.all()).toHaveLength(4);
  });

  it("a pharmacy's reads are audited too", () => {
    const { services, service, routes } = careWorld();
    service.route(patient, 'rx_lina_active', { pharmacyId: 'org_jiuzhou', method: 'pickup' }, NOW);
    const pharmacy: Caller = { kind: 'organization', subject: 'cli_jiuzhou', organizationId: 'org_jiuzhou', scopes: [] };
    routes['getPrescription']?.(context(pharmacy, { prescriptionId: 'rx_lina_active' }));
    expect(services.audit.all().map((entry) => entry.organizationId)).toEqual(['org_jiuzhou']);
  });

  it('cancelling releases the stock an accepting pharmacy reserved', () => {
    const { services, service } = careWorld();
    acceptedAtJiuzhou(services, 'rx_lina_cancel');
    service.cancel(hospital, 'rx_lina_cancel', 'No longer needed', NOW);
    expect(services.inventory.available('org_jiuzhou', 'drg_metformin_500')).toBe(100);
  });

  it('BR-RX-5: expiry releases the stock an accepting pharmacy reserved', () => {
    const { services, service } = careWorld();
    acceptedAtJiuzhou(services, 'rx_lina_extend');
    // The seeded world has other timers too (holds lapsing): fire only the prescriptions' expiries.
    let expiries = 0;
    for (let due = services.timers.popDue(Number.MAX_SAFE_INTEGER); due; due = services.timers.popDue(Number.MAX_SAFE_INTEGER)) {
      if (due.kind !== 'prescription-expiry') continue;
      expiries += 1;
      service.expire(due.target, due.atMs);
    }
    expect(expiries).toBeGreaterThan(0);
    expect(services.prescriptions.get('rx_lina_extend')?.status).toBe('expired');
    expect(services.inventory.available('org_jiuzhou', 'drg_metformin_500')).toBe(100);
  });

  it('a dispensed prescription neither expires nor is cancelled', () => {
    const { services, service } = careWorld();
    const prescription = services.prescriptions.get('rx_lina_cancel');
    if (!prescription) throw new Error('seed');
    prescription.dispense = { id: 'dsp_1', pharmacistId: 'prc_jiangtao', lines: [], partial: false, dispensedAtMs: NOW };
    expect(() => service.cancel(hospital, 'rx_lina_cancel', 'late', NOW)).toThrow(DomainError);
    service.expire('rx_lina_cancel', prescription.expiresAtMs ?? 0);
    expect(prescription.status).toBe('active');
  });
});
