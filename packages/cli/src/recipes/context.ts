/**
 * What a recipe works with: the audience SDKs logged in with the seeded world's sandbox
 * credentials (`cli_<org>` / `sk_sandbox_<org>`), brand-new patients (a fresh mobile each, OTP
 * 123456), and the mock clock, moved only through `POST /_mock/clock/advance`.
 */
import { randomInt } from 'node:crypto';
import { createHospitalClient, type HospitalClient } from '@careloop/hospital';
import { createInsurerClient, type InsurerClient } from '@careloop/insurer';
import { createPatientClient, type PatientClient } from '@careloop/patient';
import { createPharmacyClient, type PharmacyClient } from '@careloop/pharmacy';
import type { CliIo } from '../io.js';

export interface NewPatient {
  client: PatientClient;
  patientId: string;
  mobile: string;
}

export interface RecipeContext {
  baseUrl: string;
  hospital(org: string): HospitalClient;
  pharmacy(org: string): PharmacyClient;
  insurer(org: string): InsurerClient;
  /** A manufacturer works its purchase orders through the pharmacy SDK's `purchaseOrders`. */
  manufacturer(org: string): PharmacyClient;
  /** A patient who never used the platform before (a fresh mobile number). */
  newPatient(): Promise<NewPatient>;
  /** A seeded patient, by mobile. */
  patient(mobile: string): Promise<NewPatient>;
  /** Moves the mock clock forward (timers due by then fire). */
  advanceClock(seconds: number): Promise<void>;
  /** The mock clock's current time. */
  now(): Promise<Date>;
  /** A value no earlier run used, for names and references. */
  unique(): string;
}

export const SANDBOX_OTP = '123456';

export function createRecipeContext(baseUrl: string, io: CliIo): RecipeContext {
  const fetchImpl = io.fetch ?? fetch;
  const common = { baseUrl, fetch: fetchImpl };
  const credentials = (org: string) => ({ clientId: `cli_${org}`, clientSecret: `sk_sandbox_${org}` });
  const cache = new Map<string, unknown>();
  const cached = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  const login = async (mobile: string): Promise<NewPatient> => {
    const token = await createPatientClient(common)
      .auth.createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile, otp: SANDBOX_OTP })
      .unwrap();
    const client = createPatientClient({ ...common, auth: { accessToken: token.access_token } });
    if (token.patient_id === undefined) throw new Error('The patient token names no patient_id');
    return { client, patientId: token.patient_id, mobile };
  };
  const admin = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetchImpl(`${baseUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as { now: string; detail?: string };
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${json.detail ?? ''}`);
    return json;
  };
  return {
    baseUrl,
    hospital: (org) => cached(`hospital:${org}`, () => createHospitalClient({ ...common, auth: credentials(org) })),
    pharmacy: (org) => cached(`pharmacy:${org}`, () => createPharmacyClient({ ...common, auth: credentials(org) })),
    insurer: (org) => cached(`insurer:${org}`, () => createInsurerClient({ ...common, auth: credentials(org) })),
    manufacturer: (org) => cached(`pharmacy:${org}`, () => createPharmacyClient({ ...common, auth: credentials(org) })),
    // 1[3-9] and nine digits: a valid mainland mobile that a seeded patient does not use.
    newPatient: () => login(`1${randomInt(5, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`),
    patient: login,
    advanceClock: async (seconds) => {
      await admin('POST', '/_mock/clock/advance', { seconds });
    },
    now: async () => new Date((await admin('GET', '/_mock/clock')).now),
    unique: () => `${Date.now().toString(36)}${randomInt(0, 46_656).toString(36)}`,
  };
}
