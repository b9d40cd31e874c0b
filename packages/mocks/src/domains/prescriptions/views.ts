/** Records → the spec's Prescription and Drug shapes, with keys in the spec's order and times via formatLocal. */
import { formatLocal } from '../../engine/clock.js';
import type { Drug } from './drugs.js';
import type { DeliveryRecord, DispenseRecord, PrescriptionRecord, ReviewRecord, RoutingRecord } from './model.js';

const time = (ms: number | null) => (ms === null ? null : formatLocal(ms));

function reviewView(review: ReviewRecord) {
  return {
    outcome: review.outcome,
    pharmacistId: review.pharmacistId,
    version: review.version,
    issues: review.issues.map((issue) => ({ kind: issue.kind, itemIndex: issue.itemIndex, message: issue.message })),
    reviewedAt: formatLocal(review.reviewedAtMs),
  };
}

function routingView(routing: RoutingRecord) {
  const address = routing.deliveryAddress;
  return {
    pharmacyId: routing.pharmacyId,
    method: routing.method,
    status: routing.status,
    deliveryAddress: address && {
      recipient: address.recipient,
      mobile: address.mobile,
      province: address.province,
      city: address.city,
      district: address.district,
      line: address.line,
    },
    rejection: routing.rejection && { reason: routing.rejection.reason, note: routing.rejection.note },
    requestedAt: formatLocal(routing.requestedAtMs),
    acceptedAt: time(routing.acceptedAtMs),
    completedAt: time(routing.completedAtMs),
  };
}

function dispenseView(dispense: DispenseRecord) {
  return {
    id: dispense.id,
    pharmacistId: dispense.pharmacistId,
    lines: dispense.lines.map((line) => ({ drugId: line.drugId, quantity: line.quantity, lotNumber: line.lotNumber })),
    partial: dispense.partial,
    dispensedAt: formatLocal(dispense.dispensedAtMs),
  };
}

function deliveryView(delivery: DeliveryRecord) {
  return {
    carrier: delivery.carrier,
    trackingNumber: delivery.trackingNumber,
    status: delivery.status,
    history: delivery.history.map((step) => ({ status: step.status, at: formatLocal(step.atMs), note: step.note })),
  };
}

export function prescriptionView(p: PrescriptionRecord) {
  return {
    id: p.id,
    version: p.version,
    status: p.status,
    patientId: p.patientId,
    organizationId: p.organizationId,
    encounterId: p.encounterId,
    practitionerId: p.practitionerId,
    diagnosis: { icd10: p.diagnosis.icd10, display: p.diagnosis.display },
    items: p.items.map((item) => ({ drugId: item.drugId, quantity: item.quantity, dosage: item.dosage, daysSupply: item.daysSupply })),
    emergency: p.emergency,
    longTerm: p.longTerm,
    signature: p.signature && { practitionerId: p.signature.practitionerId, signedAt: formatLocal(p.signature.signedAtMs) },
    reviews: p.reviews.map(reviewView),
    issuedAt: time(p.issuedAtMs),
    expiresAt: time(p.expiresAtMs),
    pharmacyId: p.pharmacyId,
    routing: p.routing && routingView(p.routing),
    declinedRoutings: p.declinedRoutings.map(routingView),
    dispense: p.dispense && dispenseView(p.dispense),
    delivery: p.delivery && deliveryView(p.delivery),
    cancellation: p.cancellation && { reason: p.cancellation.reason, cancelledAt: formatLocal(p.cancellation.atMs) },
    createdAt: formatLocal(p.createdAtMs),
    updatedAt: formatLocal(p.updatedAtMs),
  };
}

export function drugView(drug: Drug) {
  return {
    id: drug.id,
    name: drug.name,
    genericName: drug.genericName,
    form: drug.form,
    strength: drug.strength,
    route: drug.route,
    unit: drug.unit,
    approvalNumber: drug.approvalNumber,
    controlClass: drug.controlClass,
    onlineSale: { prohibited: drug.onlineSale.prohibited, reason: drug.onlineSale.reason },
  };
}
