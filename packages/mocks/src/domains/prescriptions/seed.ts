/**
 * Seeded prescriptions, one per documented example of this domain, each in the state its example
 * needs. All are Li Na's diabetes prescriptions from her online follow-up at the internet hospital
 * (enc_lina_followup, Dr Qian Hui), reviewed by pharmacist He Ping. Times are on the seeded clock
 * (2026-06-01T08:00+08:00 is "now"); the signed ones expire at the end of 2026-06-01.
 */
import type { PlatformServices } from '../../services.js';
import type { PrescriptionRecord, PrescriptionStatus, ReviewRecord } from './model.js';
import { endOfLocalDay } from './rules.js';
import { scheduleExpiry } from './service.js';

const at = (iso: string) => Date.parse(iso);
const CREATED = at('2026-06-01T07:51:00+08:00');
const SIGNED = at('2026-06-01T07:52:00+08:00');
const REVIEWED = at('2026-06-01T07:55:00+08:00');
const END_OF_DAY = endOfLocalDay(REVIEWED);

const METFORMIN = { drugId: 'drg_metformin_500', quantity: 14, dosage: '500 mg twice daily with meals', daysSupply: 7 };
const ACARBOSE = { drugId: 'drg_acarbose_50', quantity: 21, dosage: '50 mg three times daily with the first bite of a meal', daysSupply: 7 };

function linaPrescription(id: string, status: PrescriptionStatus, fields: Partial<PrescriptionRecord> = {}): PrescriptionRecord {
  return {
    id,
    version: 1,
    status,
    patientId: 'pat_lina',
    organizationId: 'org_qtih',
    encounterId: 'enc_lina_followup',
    practitionerId: 'prc_qianhui',
    diagnosis: { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
    items: [{ ...METFORMIN }],
    emergency: false,
    longTerm: false,
    signature: null,
    reviews: [],
    issuedAtMs: null,
    expiresAtMs: null,
    pharmacyId: null,
    inStorePharmacyId: null,
    routing: null,
    declinedRoutings: [],
    dispense: null,
    delivery: null,
    cancellation: null,
    createdAtMs: CREATED,
    updatedAtMs: CREATED,
    ...fields,
  };
}

const signature = () => ({ practitionerId: 'prc_qianhui', signedAtMs: SIGNED });
const approval = (): ReviewRecord => ({ outcome: 'approved', pharmacistId: 'prc_heping', version: 1, issues: [], reviewedAtMs: REVIEWED });
/** Signed and approved by He Ping at 07:55: active until the end of the day. */
const active = () => ({ signature: signature(), reviews: [approval()], issuedAtMs: REVIEWED, expiresAtMs: END_OF_DAY, updatedAtMs: REVIEWED });

export function seedPrescriptions(): PrescriptionRecord[] {
  return [
    // For sign: written, not yet signed.
    linaPrescription('rx_lina_draft', 'draft'),
    // For review: signed, waiting for the pharmacist.
    linaPrescription('rx_lina_pending', 'pending-review', { signature: signature(), expiresAtMs: END_OF_DAY, updatedAtMs: SIGNED }),
    // For revise: the pharmacist rejected version 1 (dose), back with the doctor.
    linaPrescription('rx_lina_rejected', 'draft', {
      items: [{ ...METFORMIN, quantity: 28, dosage: '1000 mg twice daily with meals' }],
      signature: signature(),
      reviews: [
        {
          outcome: 'rejected',
          pharmacistId: 'prc_heping',
          version: 1,
          issues: [{ kind: 'dose', itemIndex: 0, message: 'Start metformin at 500 mg twice daily and titrate' }],
          reviewedAtMs: REVIEWED,
        },
      ],
      updatedAtMs: REVIEWED,
    }),
    // For route: active and unrouted; every item may be delivered.
    linaPrescription('rx_lina_active', 'active', { items: [{ ...METFORMIN }, { ...ACARBOSE }], ...active() }),
    // For extend: active, valid for its issue day only.
    linaPrescription('rx_lina_extend', 'active', active()),
    // For cancel: active, nothing dispensed.
    linaPrescription('rx_lina_cancel', 'active', active()),
  ];
}

export function seedPrescriptionStore(services: PlatformServices): void {
  for (const prescription of seedPrescriptions()) {
    services.prescriptions.add(prescription);
    scheduleExpiry(services, prescription);
  }
}
