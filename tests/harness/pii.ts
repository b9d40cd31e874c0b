/**
 * Personal data for the SDK's log-redaction tests: one realistic value for every field the spec
 * marks `x-pii`, by location. A value is, in this order:
 * 1. what the seeded mock world holds for that field: its sandbox patients and clients, a token it issues;
 * 2. the field's documented example — the spec's examples describe the seeded world (Li Na's
 *    delivery address, Dr Zhang Wei, Zhao Lei's national person number);
 * 3. a value generated for the category, deterministic and valid-looking (a resident ID with its
 *    ISO 7064 MOD 11-2 check character, a mainland mobile number, a Chinese name).
 */
import { isPiiCategory, specFields, type Document, type PiiCategory, type SpecField } from '@careloop/codegen';
import { residentIdCheckCharacter } from '@careloop/core';
import { createMockPlatform } from '@careloop/mocks';
import { doc, identities } from './spec.js';

export interface PiiSample {
  /** `DeliveryAddress.mobile`, `POST /v1/payment-notifications header Channel-Signature`. */
  location: string;
  /** The name the SDK's redaction list knows it by (header names in lower case). */
  field: string;
  category: PiiCategory;
  value: string;
}

export type MarkedField = SpecField & { pii: PiiCategory };

/** Every field of the spec marked with a known `x-pii` category. */
export function markedFields(): MarkedField[] {
  return specFields(doc as unknown as Document).filter((field): field is MarkedField => isPiiCategory(field.pii));
}

const platform = createMockPlatform();
const [patient] = platform.sandbox.patients;
const [client] = platform.sandbox.clients;
const patientIdentity = identities(platform).find((identity) => identity.kind === 'patient');
if (!patient || !client || !patientIdentity) throw new Error('The seeded world has no sandbox patient or client');

/** What the seeded world holds for these field names. */
const SEEDED: Readonly<Record<string, string>> = {
  mobile: patient.mobile,
  otp: patient.otp,
  client_secret: client.clientSecret,
  access_token: await patientIdentity.login(platform),
};

const NAMES = ['欧阳晓峰', '司马慧敏', '诸葛明远', '上官婉清', '慕容思雨', '皇甫嘉诚'];
/** Notes people type about a patient: anything personal ends up in them. */
const FREE_TEXT = [
  'Li Na phoned: she is in Ningbo until 12 June; reach her daughter Wang Li on 13912345678.',
  'Discussed with the patient and her husband Chen Jian: fasting glucose 9.4 mmol/L, dizzy after the evening dose.',
  'Lives alone at 18 Wensan Road, Room 502 since two falls this spring; takes warfarin.',
  'Per Dr Zhang Wei: HbA1c 9.1% on metformin 500 mg twice daily, start basal insulin.',
];

/** FNV-1a of the text: a stable number to vary generated values by location. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** A deterministic, valid-looking value of the category, varied by `location`. */
export function generatedValue(category: PiiCategory, location: string): string {
  const n = hashOf(location);
  const birthDate = `${1950 + (n % 60)}-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;
  switch (category) {
    case 'credential':
      return `sk_live_${n.toString(16).padStart(8, '0')}${hashOf(`${location}#`).toString(16).padStart(8, '0')}`;
    case 'resident-id': {
      const first17 = `330106${birthDate.replace(/-/g, '')}${String(n % 1000).padStart(3, '0')}`;
      return first17 + residentIdCheckCharacter(first17);
    }
    case 'mobile':
      return `1${3 + (n % 7)}${String(n % 1e9).padStart(9, '0')}`;
    case 'birth-date':
      return birthDate;
    case 'name':
      return NAMES[n % NAMES.length] ?? '';
    case 'address':
      return `杭州市西湖区文三路${100 + (n % 900)}号${1 + (n % 20)}幢${101 + (n % 30)}室`;
    case 'contact':
      return `patient.${n.toString(36)}@example.cn`;
    case 'free-text':
      return FREE_TEXT[n % FREE_TEXT.length] ?? '';
  }
}

/** One realistic value for every field the spec marks `x-pii`, in spec order. */
export function piiCorpus(): PiiSample[] {
  return markedFields().map((field) => ({
    location: field.location,
    field: field.name,
    category: field.pii,
    value: SEEDED[field.name] ?? (typeof field.example === 'string' ? field.example : generatedValue(field.pii, field.location)),
  }));
}
