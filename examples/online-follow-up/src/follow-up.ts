import { createHospitalClient, type Encounter, type Prescription } from '@careloop/hospital';
import { createPatientClient } from '@careloop/patient';

export interface FollowUpOptions {
  /** The platform: the local mock platform by default. */
  baseUrl: string;
  /** Inject a fetch (tests pass the in-process mock platform's). */
  fetch?: typeof fetch;
  /** The internet hospital's sandbox client credentials (printed by `npm start`). */
  clientId: string;
  clientSecret: string;
  /** The patient's mobile number; the sandbox accepts the one-time code 123456. */
  mobile: string;
  log?: (line: string) => void;
}

export interface FollowUpResult {
  encounter: Encounter;
  /** The ICD-10 codes the doctor read in the patient's cloud record. */
  diagnoses: string[];
  prescription: Prescription;
  /** The pharmacy the patient chose. */
  pharmacyId: string;
}

const DOCTOR = 'prc_qianhui';
const PHARMACIST = 'prc_heping';

/**
 * Li Na, a type 2 diabetes patient diagnosed at the provincial hospital, asks the internet hospital
 * for an online follow-up (在线复诊). Dr Qian Hui reads her diagnoses (with her treatment consent;
 * the read is audited), sees her by video, prescribes metformin, signs; the pharmacist approves
 * (审方); Li Na picks a pharmacy near her for pickup (处方流转).
 */
export async function runOnlineFollowUp({ baseUrl, fetch, clientId, clientSecret, mobile, log = () => {} }: FollowUpOptions): Promise<FollowUpResult> {
  const transport = fetch ? { fetch } : {};
  const hospital = createHospitalClient({ baseUrl, ...transport, auth: { clientId, clientSecret } });
  const login = await createPatientClient({ baseUrl, ...transport }).auth
    .createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile, otp: '123456' })
    .unwrap();
  const patient = createPatientClient({ baseUrl, ...transport, auth: { accessToken: login.access_token } });
  const patientId = login.patient_id ?? '';

  // The patient asks for a follow-up; the platform finds her prior diagnosis (BR-ENC-1).
  const requested = await patient.encounters
    .create({
      type: 'online-follow-up',
      mode: 'video',
      organizationId: 'org_qtih',
      departmentId: 'dep_qtih_endo',
      practitionerId: DOCTOR,
      condition: { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
    })
    .unwrap();
  log(`Requested ${requested.id}: online follow-up, evidence ${requested.evidenceDocumentId ?? 'none'}`);

  // The doctor reads the record kept at another institution: allowed by the patient's consent, audited.
  const diagnoses: string[] = [];
  for await (const diagnosis of hospital.diagnoses.list({ patientId, purpose: 'treatment', practitionerId: DOCTOR })) {
    diagnoses.push(diagnosis.icd10);
  }
  log(`Read ${diagnoses.length} diagnoses: ${diagnoses.join(', ')}`);

  const started = await hospital.encounters.start(requested.id).unwrap();
  await hospital.encounterMessages
    .create(started.id, { kind: 'text', practitionerId: DOCTOR, text: 'Your HbA1c is 7.4%. Keep metformin 500 mg twice daily.' })
    .unwrap();
  log(`Started ${started.id} by ${started.mode}`);

  const draft = await hospital.prescriptions
    .create({
      encounterId: started.id,
      practitionerId: DOCTOR,
      items: [{ drugId: 'drg_metformin_500', quantity: 14, dosage: '500 mg twice daily with meals', daysSupply: 7 }],
    })
    .unwrap();
  const signed = await hospital.prescriptions.sign(draft.id, { practitionerId: DOCTOR }).unwrap();
  const approved = await hospital.prescriptions.review(signed.id, { pharmacistId: PHARMACIST, outcome: 'approved', issues: [] }).unwrap();
  log(`Prescribed ${approved.id}: ${approved.status}, valid until ${approved.expiresAt ?? '—'}`);

  // The patient, not the hospital, chooses where to fill it (BR-RX-7): the first pharmacy of the directory.
  let pharmacyId: string | undefined;
  for await (const organization of patient.organizations.list({ type: 'pharmacy' })) {
    pharmacyId = organization.id;
    break;
  }
  if (!pharmacyId) throw new Error('No pharmacy in the directory');
  const routed = await patient.prescriptions.route(approved.id, { pharmacyId, method: 'pickup' }).unwrap();
  log(`Routed ${routed.id} to ${pharmacyId} for pickup`);

  const encounter = await hospital.encounters.complete(started.id).unwrap();
  log(`Completed ${encounter.id}`);
  return { encounter, diagnoses, prescription: routed, pharmacyId };
}
