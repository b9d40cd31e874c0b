import { ApiError } from '@careloop/core';
import { createHospitalClient } from '@careloop/hospital';
import { createMockPlatform } from '@careloop/mocks';
import { startMockServer, type RunningMockServer } from '@careloop/mocks/server';
import { createPatientClient } from '@careloop/patient';
import { createPharmacyClient } from '@careloop/pharmacy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The care loop end to end, through three SDKs over the mock platform's real HTTP server: a first
// visit refused online, an eligible follow-up, a prescription rejected in review and approved in
// its second version, routed by the patient, accepted and dispensed by the pharmacy — once only —
// with every step in the event feed and every read of health data in the patient's audit log.
let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0, platform: createMockPlatform({ validateResponses: true }) });
});
afterAll(() => server.close());

async function patientClient(mobile: string) {
  const login = await createPatientClient({ baseUrl: server.url }).auth
    .createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile, otp: '123456' })
    .unwrap();
  return createPatientClient({ baseUrl: server.url, auth: { accessToken: login.access_token } });
}

const DIABETES = { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' };
const followUp = { type: 'online-follow-up', mode: 'video', organizationId: 'org_qtih', departmentId: 'dep_qtih_endo', practitionerId: 'prc_qianhui', condition: DIABETES } as const;

describe('the care loop over HTTP (hospital, patient and pharmacy SDKs)', () => {
  it('runs from a refused first visit to a single dispense, with events in order and reads audited', async () => {
    const hospital = createHospitalClient({ baseUrl: server.url, auth: { clientId: 'cli_qtih', clientSecret: 'sk_sandbox_qtih' } });
    const pharmacy = createPharmacyClient({ baseUrl: server.url, auth: { clientId: 'cli_jiuzhou', clientSecret: 'sk_sandbox_jiuzhou' } });
    const wangfang = await patientClient('13800000002');
    const lina = await patientClient('13800000001');

    // Where the hospital's feed stands: everything after this belongs to this test.
    let after: string | undefined;
    for await (const event of hospital.events.list()) after = event.id;

    // A first-time patient cannot start online (BR-ENC-1).
    const refused = await wangfang.encounters.create(followUp);
    expect(refused.error).toBeInstanceOf(ApiError);
    expect(refused.error).toMatchObject({ status: 422, code: 'FIRST_VISIT_NOT_ALLOWED' });

    // An eligible patient's follow-up; the doctor reads her record (consented, audited).
    const encounter = await lina.encounters.create(followUp).unwrap();
    expect(encounter).toMatchObject({ status: 'planned', patientId: 'pat_lina', evidenceDocumentId: 'doc_lina_20251118' });
    const diagnoses = (await hospital.diagnoses.list({ patientId: 'pat_lina', purpose: 'treatment', practitionerId: 'prc_qianhui' }).unwrap()).data;
    expect(diagnoses.map((d) => d.icd10)).toContain('E11.9');
    await hospital.encounters.start(encounter.id).unwrap();

    // Prescription, rejected in review, revised, approved.
    const draft = await hospital.prescriptions
      .create({
        encounterId: encounter.id,
        practitionerId: 'prc_qianhui',
        items: [{ drugId: 'drg_metformin_500', quantity: 28, dosage: '1000 mg twice daily', daysSupply: 7 }],
      })
      .unwrap();
    await hospital.prescriptions.sign(draft.id, { practitionerId: 'prc_qianhui' }).unwrap();
    const rejected = await hospital.prescriptions
      .review(draft.id, { pharmacistId: 'prc_heping', outcome: 'rejected', issues: [{ kind: 'dose', itemIndex: 0, message: 'Start at 500 mg twice daily.' }] })
      .unwrap();
    expect(rejected).toMatchObject({ status: 'draft', version: 1, reviews: [{ outcome: 'rejected' }] });
    const revised = await hospital.prescriptions
      .revise(draft.id, { items: [{ drugId: 'drg_metformin_500', quantity: 14, dosage: '500 mg twice daily', daysSupply: 7 }] })
      .unwrap();
    expect(revised).toMatchObject({ status: 'draft', version: 2, signature: null });
    await hospital.prescriptions.sign(draft.id, { practitionerId: 'prc_qianhui' }).unwrap();
    const approved = await hospital.prescriptions.review(draft.id, { pharmacistId: 'prc_heping', outcome: 'approved', issues: [] }).unwrap();
    expect(approved).toMatchObject({ status: 'active', version: 2 });

    // The patient routes it; the pharmacy reads it, accepts and dispenses it once.
    await lina.prescriptions.route(draft.id, { pharmacyId: 'org_jiuzhou', method: 'pickup' }).unwrap();
    const inInbox = await pharmacy.prescriptions.get(draft.id).unwrap();
    expect(inInbox.routing).toMatchObject({ pharmacyId: 'org_jiuzhou', status: 'requested' });
    await pharmacy.prescriptions.accept(draft.id, { pharmacistId: 'prc_jiangtao' }).unwrap();
    const lines = [{ drugId: 'drg_metformin_500', quantity: 14 }];
    const dispensed = await pharmacy.prescriptions.dispense(draft.id, { pharmacistId: 'prc_jiangtao', lines }).unwrap();
    expect(dispensed.dispense).toMatchObject({ partial: false, lines: [{ drugId: 'drg_metformin_500', quantity: 14 }] });
    const again = await pharmacy.prescriptions.dispense(draft.id, { pharmacistId: 'prc_jiangtao', lines });
    expect(again.error).toMatchObject({ status: 409, code: 'PRESCRIPTION_ALREADY_USED' });

    // Every step is in the hospital's feed, in order.
    const types: string[] = [];
    for await (const event of hospital.events.list(after ? { after } : {})) {
      if (event.data.id === encounter.id || event.data.id === draft.id) types.push(event.type);
    }
    expect(types).toEqual([
      'encounter.created',
      'encounter.started',
      'prescription.created',
      'prescription.signed',
      'prescription.rejected',
      'prescription.revised',
      'prescription.signed',
      'prescription.approved',
      'prescription.routed',
      'prescription.accepted',
      'prescription.dispensed',
    ]);

    // Li Na sees who read her health data: the doctor's institution and the pharmacy.
    const audit = (await lina.auditEvents.list().unwrap()).data;
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ organizationId: 'org_qtih', resourceType: 'diagnosis', practitionerId: 'prc_qianhui', purpose: 'treatment' }),
        expect.objectContaining({ organizationId: 'org_jiuzhou', resourceType: 'prescription', resourceId: draft.id }),
      ]),
    );
    expect(audit.every((entry) => entry.patientId === 'pat_lina')).toBe(true);
  });
});
