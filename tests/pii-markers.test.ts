import { PII_CATEGORIES, specFields, type Document, type PiiCategory, type SpecField } from '@careloop/codegen';
import { isValidResidentId } from '@careloop/core';
import { describe, expect, it } from 'vitest';
import { PII_FIELDS } from '../packages/core/src/generated/pii.js';
import { conforms } from './harness/fuzz-oracle.js';
import { generatedValue, markedFields, piiCorpus } from './harness/pii.js';
import { deref, doc } from './harness/spec.js';

type Json = Record<string, unknown>;

/**
 * Names that say "personal data or a credential", matched on the name's words in kebab case
 * (`deliveryAddress` → `delivery-address`, `client_secret` → `client-secret`), so that `capacity`
 * is not a city and `orderLineId` not an address line.
 */
const PATTERNS: Record<PiiCategory, RegExp> = {
  credential: /(^|-)(secret|password|passcode|otp|pin|token|cookie|authorization|api-key|signature|(sms|verification|login)-code)(-|$)/,
  'resident-id': /(^|-)(resident|passport|id-(number|card)|person-number|national-id)(-|$)/,
  mobile: /(^|-)(mobile|phone|telephone|tel)(-|$)/,
  'birth-date': /(^|-)(birth|birthday|dob)(-|$)/,
  name: /(^|-)name$|^recipient$/,
  address: /(^|-)(address|province|city|district|street|postcode)(-|$)|^(address-)?line(-\d)?$/,
  contact: /(^|-)(e-?mail|wechat)(-|$)/,
  'free-text': /(^|-)(note|notes|text|message|comment|remark|memo|question|answer|opinion|conclusion|complaint|reason)$/,
};

/**
 * Fields whose names match a pattern but that hold no personal data, each with the reason.
 * Keep it short and explicit: whatever a person types is free text, whoever it is about.
 */
const NOT_PERSONAL: Record<string, string> = {
  // Names of institutions and things, not of people.
  'Organization.name': 'an institution',
  'Alliance.name': 'a medical alliance',
  'Department.name': 'a department',
  'TriageSuggestion.name': 'a department',
  'Drug.name': 'a drug',
  'Drug.genericName': 'a drug (INN)',
  'Plan.name': 'an insurance plan',
  'CareProgramme.name': 'a care programme',
  // An organization's public address (Organization.address); a patient's is DeliveryAddress.
  'Address.province': "an organization's address",
  'Address.city': "an organization's address",
  'Address.district': "an organization's address",
  'Address.line': "an organization's address",
  // Text the platform writes, never a person.
  'EventObject.reason': 'a code (cancellation reason, claim outcome); event payloads carry no personal data',
  'Claim.errorReason': 'why adjudication failed, written by the platform',
  'TriageSuggestion.reason': 'the matched symptoms, written by the triage rules from a fixed vocabulary',
  'AiMedicationSuggestion.text': 'written by the decision-support rules',
  'FieldError.message': "the platform's validation message",
  // A hospital's label for its connector agent.
  'Connector.name': 'a connector (software) in a hospital',
  'RegisterConnectorRequest.name': 'a connector (software) in a hospital',
  // When a rotated-out webhook secret stops signing: a timestamp, not the secret.
  'WebhookEndpoint.previousSecretExpiresAt': 'a timestamp',
  'WebhookEndpointWithSecret.previousSecretExpiresAt': 'a timestamp',
};

const fields = specFields(doc as unknown as Document);
const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
const patternsOf = (name: string): PiiCategory[] => PII_CATEGORIES.filter((category) => PATTERNS[category].test(kebab(name)));

/** Whether values of the schema are text a redaction can hide: strings (or lists of them), not codes from an enum, objects or numbers. */
function holdsText(schema: unknown): boolean {
  const resolved = deref<Json>(schema ?? {});
  const branches = (resolved['oneOf'] ?? resolved['anyOf']) as unknown[] | undefined;
  if (branches) return branches.some((branch) => deref<Json>(branch)['type'] !== 'null' && holdsText(branch));
  if ('enum' in resolved || 'const' in resolved) return false;
  const types = [resolved['type']].flat();
  if (types.includes('array')) return holdsText(resolved['items']);
  return types.includes('string');
}

describe('x-pii markers', () => {
  it('use the categories the SDK knows', () => {
    const wrong = fields.filter((field) => field.pii !== undefined && !(PII_CATEGORIES as readonly unknown[]).includes(field.pii));
    expect(wrong.map((field) => `${field.location}: ${String(field.pii)}`), `categories: ${PII_CATEGORIES.join(', ')}`).toEqual([]);
  });

  it('are on every field whose name says personal data or a credential (or it is allow-listed)', () => {
    const missing = fields
      .filter((field) => field.pii === undefined && !(field.location in NOT_PERSONAL) && holdsText(field.schema))
      .flatMap((field) => {
        const categories = patternsOf(field.name);
        return categories.length ? [`${field.location} (looks like ${categories.join(' or ')})`] : [];
      });
    expect(missing, 'add `x-pii: <category>` in the spec, or allow-list it in NOT_PERSONAL with the reason').toEqual([]);
  });

  it('allow-list only unmarked fields that exist and match a pattern', () => {
    const byLocation = new Map(fields.map((field) => [field.location, field]));
    const stale = Object.keys(NOT_PERSONAL).filter((location) => {
      const field = byLocation.get(location);
      return !field || field.pii !== undefined || patternsOf(field.name).length === 0;
    });
    expect(stale).toEqual([]);
  });

  it('are on fields holding text (mark the properties of an object, not the object)', () => {
    const misplaced = fields.filter((field) => field.pii !== undefined && !holdsText(field.schema));
    expect(misplaced.map((field) => field.location)).toEqual([]);
  });

  it('are all in the generated redaction list, at least as sensitive', () => {
    const rank = (category: PiiCategory | undefined): number => (category ? PII_CATEGORIES.indexOf(category) : Infinity);
    const missing = markedFields().filter((field) => rank(PII_FIELDS[field.name]) > rank(field.pii));
    expect(missing.map((field) => `${field.location} → ${field.name}`), 'run `npm run generate`').toEqual([]);
  });
});

describe('personal-data corpus (tests/harness/pii.ts)', () => {
  const corpus = piiCorpus();
  const marked = new Map(markedFields().map((field): [string, SpecField] => [field.location, field]));

  /** What a value of each category must look like, beyond its field's schema. */
  const SHAPES: Record<PiiCategory, RegExp> = {
    credential: /^\S{6,}$/,
    'resident-id': /^\d{17}[\dX]$/,
    mobile: /^1[3-9]\d{9}$/,
    'birth-date': /^(19|20)\d\d-\d\d-\d\d$/,
    name: /^\S.{1,}\S$/u,
    address: /^.{4,}$/u,
    contact: /^[^@\s]+@[^@\s]+\.[a-z]+$/,
    'free-text': /^.{10,}$/u,
  };

  it('has one value for every x-pii field of the spec', () => {
    console.log(`pii corpus: ${corpus.length} fields`);
    expect(corpus.map((sample) => sample.location).sort()).toEqual([...marked.keys()].sort());
    // Counted in the bundle's text too, independently of the walk that finds the fields.
    expect(corpus).toHaveLength(JSON.stringify(doc).match(/"x-pii":/g)?.length ?? 0);
    for (const sample of corpus) {
      expect(sample).toMatchObject({ field: marked.get(sample.location)?.name, category: marked.get(sample.location)?.pii });
    }
  });

  it('has values valid for their fields and distinctive enough to look for in a log', () => {
    for (const { location, category, value } of corpus) {
      expect(conforms(marked.get(location)?.schema, value), `${location}: ${value}`).toBe(true);
      expect(value, location).toMatch(SHAPES[category]);
      expect(value.length, location).toBeGreaterThanOrEqual(4);
    }
  });

  it('generates a valid-looking value for every category', () => {
    for (const category of PII_CATEGORIES) expect(generatedValue(category, `Example.${category}`)).toMatch(SHAPES[category]);
    // A generated resident ID passes the SDK's own GB 11643 validation (check character, birth date, province).
    expect(isValidResidentId(generatedValue('resident-id', 'Example.residentId'))).toBe(true);
  });
});
