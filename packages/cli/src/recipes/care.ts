/**
 * Care recipes: an outpatient visit of a new patient at Qiantang People's Hospital with Dr Zhang
 * Wei, its records and consents, a prescription reviewed by the hospital's pharmacist and filled
 * at Jiuzhou pharmacy.
 */
import type { Encounter, Prescription } from '@careloop/hospital';
import type { NewPatient, RecipeContext } from './context.js';

const HOSPITAL = 'qtph';
const DOCTOR = 'prc_zhangwei';
const PHARMACIST = 'prc_wuyue';
export const PHARMACY = 'jiuzhou';
const PHARMACY_ID = 'org_jiuzhou';
const DISPENSER = 'prc_jiangtao';
const DRUG = 'drg_metformin_500';
const DIABETES = { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' };
const ATTACHMENT = {
  fileName: 'fasting-glucose.pdf',
  contentType: 'application/pdf',
  sizeBytes: 48211,
  sha256: '0d4c7e2a9b1f3e5d6c8a0b2d4f6e8a1c3e5b7d9f0a2c4e6b8d1f3a5c7e9b0d2f',
} as const;

export interface Visit {
  patient: NewPatient;
  encounter: Encounter;
}

/** encounter.created: the hospital opens an outpatient visit for a new patient. */
export async function openVisit(ctx: RecipeContext): Promise<Visit> {
  const patient = await ctx.newPatient();
  const encounter = await ctx
    .hospital(HOSPITAL)
    .encounters.create({ type: 'outpatient', mode: 'in-person', patientId: patient.patientId, departmentId: 'dep_qtph_endo', practitionerId: DOCTOR, condition: DIABETES })
    .unwrap();
  return { patient, encounter };
}

export async function startVisit(ctx: RecipeContext): Promise<Visit> {
  const visit = await openVisit(ctx);
  await ctx.hospital(HOSPITAL).encounters.start(visit.encounter.id).unwrap();
  return visit;
}

export async function recordDocument(ctx: RecipeContext) {
  const visit = await startVisit(ctx);
  const document = await ctx
    .hospital(HOSPITAL)
    .documents.create({
      type: 'lab-report',
      title: 'Fasting glucose',
      patientId: visit.patient.patientId,
      encounterId: visit.encounter.id,
      authorPractitionerId: DOCTOR,
      effectiveDate: (await ctx.now()).toISOString().slice(0, 10),
      diagnoses: [DIABETES],
      attachment: ATTACHMENT,
    })
    .unwrap();
  return { ...visit, document };
}

export interface Rx extends Visit {
  prescription: Prescription;
}

/** prescription.created: the doctor drafts metformin in the visit. */
export async function draftPrescription(ctx: RecipeContext): Promise<Rx> {
  const visit = await startVisit(ctx);
  const prescription = await ctx
    .hospital(HOSPITAL)
    .prescriptions.create({
      encounterId: visit.encounter.id,
      practitionerId: DOCTOR,
      items: [{ drugId: DRUG, quantity: 14, dosage: '500 mg twice daily with meals', daysSupply: 7 }],
    })
    .unwrap();
  return { ...visit, prescription };
}

export async function signPrescription(ctx: RecipeContext): Promise<Rx> {
  const rx = await draftPrescription(ctx);
  await ctx.hospital(HOSPITAL).prescriptions.sign(rx.prescription.id, { practitionerId: DOCTOR }).unwrap();
  return rx;
}

export async function rejectPrescription(ctx: RecipeContext): Promise<Rx> {
  const rx = await signPrescription(ctx);
  await ctx
    .hospital(HOSPITAL)
    .prescriptions.review(rx.prescription.id, { pharmacistId: PHARMACIST, outcome: 'rejected', issues: [{ kind: 'dose', itemIndex: 0, message: 'Start at 500 mg once daily.' }] })
    .unwrap();
  return rx;
}

export async function approvePrescription(ctx: RecipeContext): Promise<Rx> {
  const rx = await signPrescription(ctx);
  const prescription = await ctx.hospital(HOSPITAL).prescriptions.review(rx.prescription.id, { pharmacistId: PHARMACIST, outcome: 'approved', issues: [] }).unwrap();
  return { ...rx, prescription };
}

/** inventory_item.updated: Jiuzhou counts its metformin (also keeps the recipes below in stock, run after run). */
export async function restock(ctx: RecipeContext): Promise<void> {
  await ctx
    .pharmacy(PHARMACY)
    .inventory.sync({
      reference: `CLI-${ctx.unique()}`,
      items: [{ drugId: DRUG, onHand: 500, unitPrice: { amountFen: 35, currency: 'CNY' }, lots: [{ lotNumber: 'MF2602B', expiryDate: '2028-12-31', quantity: 500 }] }],
    })
    .unwrap();
}

export async function routePrescription(ctx: RecipeContext, method: 'pickup' | 'delivery' = 'pickup'): Promise<Rx> {
  const rx = await approvePrescription(ctx);
  await rx.patient.client.prescriptions
    .route(rx.prescription.id, {
      pharmacyId: PHARMACY_ID,
      method,
      ...(method === 'delivery'
        ? { deliveryAddress: { recipient: 'Sandbox Patient', mobile: rx.patient.mobile, province: 'Zhejiang', city: 'Hangzhou', district: 'Xihu', line: '1 Wensan Road' } }
        : {}),
    })
    .unwrap();
  return rx;
}

export async function acceptPrescription(ctx: RecipeContext, method: 'pickup' | 'delivery' = 'pickup'): Promise<Rx> {
  await restock(ctx);
  const rx = await routePrescription(ctx, method);
  await ctx.pharmacy(PHARMACY).prescriptions.accept(rx.prescription.id, { pharmacistId: DISPENSER }).unwrap();
  return rx;
}

export async function dispensePrescription(ctx: RecipeContext, method: 'pickup' | 'delivery' = 'pickup'): Promise<Rx> {
  const rx = await acceptPrescription(ctx, method);
  await ctx.pharmacy(PHARMACY).prescriptions.dispense(rx.prescription.id, { pharmacistId: DISPENSER, lines: [{ drugId: DRUG, quantity: 14 }] }).unwrap();
  return rx;
}

export async function handOver(ctx: RecipeContext): Promise<Rx> {
  const rx = await dispensePrescription(ctx, 'pickup');
  await ctx.pharmacy(PHARMACY).prescriptions.handOver(rx.prescription.id).unwrap();
  return rx;
}

export async function ship(ctx: RecipeContext): Promise<Rx> {
  const rx = await dispensePrescription(ctx, 'delivery');
  await ctx.pharmacy(PHARMACY).prescriptions.ship(rx.prescription.id, { carrier: 'SF Express', trackingNumber: `SF${Date.now()}` }).unwrap();
  return rx;
}

export const careRecipes = {
  'encounter.created': openVisit,
  'encounter.started': startVisit,
  'encounter.completed': async (ctx: RecipeContext) => {
    const visit = await startVisit(ctx);
    await ctx.hospital(HOSPITAL).encounters.complete(visit.encounter.id).unwrap();
  },
  'encounter.discontinued': async (ctx: RecipeContext) => {
    const visit = await startVisit(ctx);
    await ctx
      .hospital(HOSPITAL)
      .encounters.discontinue(visit.encounter.id, { reason: 'condition-changed', note: 'Chest pain since this morning: please see cardiology in person today.' })
      .unwrap();
  },
  'encounter.message_created': async (ctx: RecipeContext) => {
    const visit = await startVisit(ctx);
    await ctx.hospital(HOSPITAL).encounterMessages.create(visit.encounter.id, { kind: 'text', text: 'Please fast from midnight before the test.', practitionerId: DOCTOR }).unwrap();
  },
  'document.created': recordDocument,
  'observation.created': async (ctx: RecipeContext) => {
    const { patient, document } = await recordDocument(ctx);
    await ctx
      .hospital(HOSPITAL)
      .observations.create({
        patientId: patient.patientId,
        documentId: document.id,
        code: '1558-6',
        display: 'Fasting glucose [Moles/volume] in Serum or Plasma',
        value: 7.4,
        unit: 'mmol/L',
        referenceRange: { low: 3.9, high: 6.1 },
        effectiveAt: (await ctx.now()).toISOString(),
      })
      .unwrap();
  },
  'consent.granted': async (ctx: RecipeContext) => {
    await (await ctx.newPatient()).client.consents.grant({ purpose: 'insurance-claim' }).unwrap();
  },
  'consent.revoked': async (ctx: RecipeContext) => {
    const patient = await ctx.newPatient();
    const consent = await patient.client.consents.grant({ purpose: 'insurance-claim' }).unwrap();
    await patient.client.consents.revoke(consent.id).unwrap();
  },
  'prescription.created': draftPrescription,
  'prescription.revised': async (ctx: RecipeContext) => {
    const rx = await rejectPrescription(ctx);
    await ctx
      .hospital(HOSPITAL)
      .prescriptions.revise(rx.prescription.id, { items: [{ drugId: DRUG, quantity: 7, dosage: '500 mg once daily with breakfast', daysSupply: 7 }] })
      .unwrap();
  },
  'prescription.signed': signPrescription,
  'prescription.approved': approvePrescription,
  'prescription.rejected': rejectPrescription,
  'prescription.extended': async (ctx: RecipeContext) => {
    const rx = await approvePrescription(ctx);
    await ctx.hospital(HOSPITAL).prescriptions.extend(rx.prescription.id, { days: 3 }).unwrap();
  },
  'prescription.cancelled': async (ctx: RecipeContext) => {
    const rx = await approvePrescription(ctx);
    await ctx.hospital(HOSPITAL).prescriptions.cancel(rx.prescription.id, { reason: 'Patient reported an allergy' }).unwrap();
  },
  'prescription.expired': async (ctx: RecipeContext) => {
    // Valid on the day issued (BR-RX-5): it lapses when the mock clock passes its validity.
    const rx = await approvePrescription(ctx);
    const expiresAt = (rx.prescription as { expiresAt?: string | null }).expiresAt;
    if (!expiresAt) throw new Error(`Prescription ${rx.prescription.id} names no expiresAt`);
    const seconds = Math.ceil((Date.parse(expiresAt) - (await ctx.now()).getTime()) / 1000) + 1;
    await ctx.advanceClock(Math.max(seconds, 1));
  },
  'prescription.routed': routePrescription,
  'prescription.accepted': acceptPrescription,
  'prescription.routing_rejected': async (ctx: RecipeContext) => {
    const rx = await routePrescription(ctx);
    await ctx.pharmacy(PHARMACY).prescriptions.decline(rx.prescription.id, { reason: 'out-of-stock', note: 'Metformin arrives on Thursday' }).unwrap();
  },
  'prescription.dispensed': dispensePrescription,
  'prescription.handed_over': handOver,
  'prescription.shipped': ship,
  'prescription.delivery_updated': async (ctx: RecipeContext) => {
    const rx = await ship(ctx);
    await ctx.pharmacy(PHARMACY).prescriptions.updateDelivery(rx.prescription.id, { status: 'in-transit' }).unwrap();
  },
  'prescription.completed': handOver,
  'inventory_item.updated': restock,
};
