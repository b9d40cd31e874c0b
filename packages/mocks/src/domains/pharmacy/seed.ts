/**
 * Seeded pharmacy state: the stock of the three pharmacies and prescriptions in every state the
 * pharmacy examples need. Times are on the seeded clock (2026-06-01T08:00+08:00 is "now").
 */
import type { PlatformServices } from '../../services.js';
import type { DeliveryRecord, DispenseRecord, FulfilmentMethod, PrescriptionItem, PrescriptionRecord, RoutingRecord } from '../prescriptions/model.js';
import { endOfLocalDay } from '../prescriptions/rules.js';
import { scheduleExpiry } from '../prescriptions/service.js';
import type { InventoryItemRecord, InventoryLot } from './inventory.js';

const at = (iso: string) => Date.parse(iso);
/** Last night's stock count, when every seeded item was synced. */
const LAST_COUNT = at('2026-05-31T20:00:00+08:00');
/** When Jiuzhou accepted rx_zhaolei_accepted and reserved its amlodipine. */
const ZHAOLEI_ACCEPTED = at('2026-06-01T07:40:00+08:00');

type Lot = [lotNumber: string, expiryDate: string, quantity: number];

function item(pharmacy: string, drug: string, drugId: string, unitPriceFen: number, lots: Lot[], extra: Partial<InventoryItemRecord> = {}): InventoryItemRecord {
  const lotRecords: InventoryLot[] = lots.map(([lotNumber, expiryDate, quantity]) => ({ lotNumber, expiryDate, quantity }));
  return {
    id: `inv_${pharmacy}_${drug}`,
    pharmacyId: `org_${pharmacy}`,
    drugId,
    onHand: lotRecords.reduce((sum, lot) => sum + lot.quantity, 0),
    reserved: 0,
    unitPriceFen,
    lots: lotRecords,
    updatedAtMs: LAST_COUNT,
    ...extra,
  };
}

/** Every non-controlled catalogue drug at Jiuzhou (the alliance's chain pharmacy); a few at Renai (metformin short) and Kangning. */
function seedInventory(): InventoryItemRecord[] {
  return [
    item('jiuzhou', 'metformin', 'drg_metformin_500', 35, [['MF2511A', '2027-05-31', 120], ['MF2602B', '2027-12-31', 80]]),
    item('jiuzhou', 'acarbose', 'drg_acarbose_50', 180, [['AC2512A', '2027-08-31', 300]]),
    item('jiuzhou', 'insulin', 'drg_insulin_glargine', 16000, [['IG2601K', '2027-01-31', 20]]),
    // 14 tablets reserved for rx_zhaolei_accepted.
    item('jiuzhou', 'amlodipine', 'drg_amlodipine_5', 120, [['AM2509C', '2027-03-31', 40], ['AM2603A', '2028-02-29', 60]], { reserved: 14, updatedAtMs: ZHAOLEI_ACCEPTED }),
    item('jiuzhou', 'losartan', 'drg_losartan_50', 250, [['LS2510B', '2027-10-31', 120]]),
    item('jiuzhou', 'atorvastatin', 'drg_atorvastatin_20', 300, [['AT2511D', '2027-11-30', 90]]),
    item('jiuzhou', 'salbutamol', 'drg_salbutamol_inhaler', 2500, [['SB2508A', '2027-08-31', 15]]),
    item('jiuzhou', 'amoxicillin', 'drg_amoxicillin_susp', 1500, [['AX2603C', '2027-09-30', 12]]),
    item('jiuzhou', 'montelukast', 'drg_montelukast_4', 400, [['MK2512B', '2028-12-31', 60]]),
    item('jiuzhou', 'warfarin', 'drg_warfarin_3', 90, [['WF2601A', '2028-01-31', 50]]),
    item('jiuzhou', 'digoxin', 'drg_digoxin_025', 60, [['DG2602A', '2028-02-29', 40]]),
    item('jiuzhou', 'lithium', 'drg_lithium_250', 50, [['LI2511A', '2027-11-30', 30]]),
    item('jiuzhou', 'ceftriaxone', 'drg_ceftriaxone_inj', 1800, [['CF2604A', '2028-04-30', 20]]),
    item('jiuzhou', 'hepb', 'drg_hepb_vaccine', 6000, [['HB2603V', '2027-03-31', 10]]),
    item('jiuzhou', 'albumin', 'drg_albumin_10g', 45000, [['AL2601B', '2028-07-31', 6]]),
    item('renai', 'metformin', 'drg_metformin_500', 38, [['MF2509R', '2027-03-31', 10]]),
    item('renai', 'amlodipine', 'drg_amlodipine_5', 125, [['AM2512R', '2027-12-31', 60]]),
    item('renai', 'losartan', 'drg_losartan_50', 260, [['LS2601R', '2028-01-31', 40]]),
    item('kangning', 'metformin', 'drg_metformin_500', 36, [['MF2601K', '2027-12-31', 150]]),
    item('kangning', 'acarbose', 'drg_acarbose_50', 185, [['AC2602K', '2028-02-29', 100]]),
    item('kangning', 'insulin', 'drg_insulin_glargine', 15800, [['IG2602K', '2027-02-28', 8]]),
    item('kangning', 'amlodipine', 'drg_amlodipine_5', 118, [['AM2602K', '2028-02-29', 80]]),
    item('kangning', 'atorvastatin', 'drg_atorvastatin_20', 310, [['AT2603K', '2028-03-31', 60]]),
  ];
}

// Every seeded prescription: written at the internet hospital by Dr Qian Hui, approved by He Ping,
// valid to the end of 2026-06-01, routed to Jiuzhou at 07:38 and (where accepted) accepted at 07:40.
const CREATED = at('2026-06-01T07:30:00+08:00');
const SIGNED = at('2026-06-01T07:31:00+08:00');
const REVIEWED = at('2026-06-01T07:35:00+08:00');
const ROUTED = at('2026-06-01T07:38:00+08:00');
const DISPENSED = at('2026-06-01T07:45:00+08:00');
const SHIPPED = at('2026-06-01T07:50:00+08:00');

const METFORMIN: PrescriptionItem = { drugId: 'drg_metformin_500', quantity: 14, dosage: '500 mg twice daily with meals', daysSupply: 7 };
const ACARBOSE: PrescriptionItem = { drugId: 'drg_acarbose_50', quantity: 21, dosage: '50 mg three times daily with the first bite of a meal', daysSupply: 7 };
const AMLODIPINE: PrescriptionItem = { drugId: 'drg_amlodipine_5', quantity: 14, dosage: '5 mg once daily in the morning', daysSupply: 14 };
const LINA_ADDRESS = { recipient: 'Li Na', mobile: '13800000001', province: 'Zhejiang', city: 'Hangzhou', district: 'Xihu', line: '18 Wensan Road, Room 502' };

function routing(method: FulfilmentMethod, status: RoutingRecord['status']): RoutingRecord {
  return {
    pharmacyId: 'org_jiuzhou',
    method,
    status,
    deliveryAddress: method === 'delivery' ? { ...LINA_ADDRESS } : null,
    rejection: null,
    requestedAtMs: ROUTED,
    acceptedAtMs: status === 'requested' ? null : ZHAOLEI_ACCEPTED,
    completedAtMs: null,
  };
}

/** Li Na's 14 metformin tablets, dispensed by Jiang Tao from the lot that expires first. */
const metforminDispensed = (): DispenseRecord => ({
  id: 'dsp_lina_0745',
  pharmacistId: 'prc_jiangtao',
  lines: [{ drugId: 'drg_metformin_500', quantity: 14, lotNumber: 'MF2511A' }],
  partial: false,
  dispensedAtMs: DISPENSED,
});

/** Li Na (diabetes, online follow-up) or Zhao Lei (hypertension, in-store tele-consultation at Jiuzhou): active, routed to Jiuzhou. */
function routedPrescription(id: string, patient: 'lina' | 'zhaolei', items: PrescriptionItem[], route: RoutingRecord, fields: Partial<PrescriptionRecord> = {}): PrescriptionRecord {
  const lina = patient === 'lina';
  return {
    id,
    version: 1,
    status: 'active',
    patientId: `pat_${patient}`,
    organizationId: 'org_qtih',
    encounterId: lina ? 'enc_lina_followup' : 'enc_zhaolei_instore',
    practitionerId: 'prc_qianhui',
    diagnosis: lina ? { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' } : { icd10: 'I10', display: 'Essential (primary) hypertension' },
    items: items.map((item) => ({ ...item })),
    emergency: false,
    // Zhao Lei's stable hypertension: a long-term prescription (BR-RX-6), two weeks of amlodipine.
    longTerm: !lina,
    signature: { practitionerId: 'prc_qianhui', signedAtMs: SIGNED },
    reviews: [{ outcome: 'approved', pharmacistId: 'prc_heping', version: 1, issues: [], reviewedAtMs: REVIEWED }],
    issuedAtMs: REVIEWED,
    expiresAtMs: endOfLocalDay(REVIEWED),
    pharmacyId: route.pharmacyId,
    inStorePharmacyId: lina ? null : 'org_jiuzhou',
    routing: route,
    declinedRoutings: [],
    dispense: null,
    delivery: null,
    cancellation: null,
    createdAtMs: CREATED,
    updatedAtMs: ROUTED,
    ...fields,
  };
}

const shipped = (): DeliveryRecord => ({
  carrier: 'SF Express',
  trackingNumber: 'SF1402338830017',
  status: 'shipped',
  history: [{ status: 'shipped', atMs: SHIPPED, note: null }],
});

/** One prescription per pharmacy example, in the state that example needs. */
function seedPrescriptions(): PrescriptionRecord[] {
  return [
    // For accept: delivery to Li Na's home, waiting in Jiuzhou's inbox.
    routedPrescription('rx_lina_routed', 'lina', [METFORMIN, ACARBOSE], routing('delivery', 'requested')),
    // For decline: Zhao Lei at the counter, waiting in Jiuzhou's inbox.
    routedPrescription('rx_zhaolei_routed', 'zhaolei', [{ ...AMLODIPINE, quantity: 7, daysSupply: 7 }], routing('pickup', 'requested'), { longTerm: false }),
    // For dispense: accepted, its 14 amlodipine tablets reserved (inv_jiuzhou_amlodipine).
    routedPrescription('rx_zhaolei_accepted', 'zhaolei', [AMLODIPINE], routing('pickup', 'accepted'), { updatedAtMs: ZHAOLEI_ACCEPTED }),
    // For hand-over: dispensed, waiting for Li Na to pick it up.
    routedPrescription('rx_lina_dispensed_pickup', 'lina', [METFORMIN], routing('pickup', 'in-progress'), { dispense: metforminDispensed(), updatedAtMs: DISPENSED }),
    // For ship: dispensed, to be delivered.
    routedPrescription('rx_lina_dispensed_delivery', 'lina', [METFORMIN], routing('delivery', 'in-progress'), { dispense: metforminDispensed(), updatedAtMs: DISPENSED }),
    // For the delivery update: shipped with SF Express.
    routedPrescription('rx_lina_shipped', 'lina', [METFORMIN], routing('delivery', 'in-progress'), { dispense: metforminDispensed(), delivery: shipped(), updatedAtMs: SHIPPED }),
  ];
}

export function seedPharmacy(services: PlatformServices): void {
  for (const record of seedInventory()) services.inventory.add(record);
  for (const prescription of seedPrescriptions()) {
    services.prescriptions.add(prescription);
    scheduleExpiry(services, prescription);
  }
}
