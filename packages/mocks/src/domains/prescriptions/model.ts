/**
 * E-prescriptions (电子处方) as stored (PLATFORM.md §7–8): the doctor's prescription, the
 * pharmacist's reviews, the patient's routing to a pharmacy and the pharmacy's fulfilment.
 * Views turn them into the spec's shapes.
 */
import type { CodedCondition } from '../encounters/model.js';

export type PrescriptionStatus = 'draft' | 'pending-review' | 'active' | 'completed' | 'cancelled' | 'expired';

/** The statuses from which nothing moves any more. */
export const FINAL_STATUSES: ReadonlySet<PrescriptionStatus> = new Set(['completed', 'cancelled', 'expired']);

/** One group holds at most this many items (PLATFORM.md §7). */
export const MAX_ITEMS = 5;

export interface PrescriptionItem {
  drugId: string;
  /** How many of the drug's dispensing unit (tablets, pens, inhalers). */
  quantity: number;
  /** The directions for the patient, e.g. "500 mg twice daily with meals". */
  dosage: string;
  /** Days of supply the quantity covers (BR-RX-6). */
  daysSupply: number;
}

export type ReviewIssueKind = 'interaction' | 'dose' | 'contraindication' | 'other';

export interface ReviewRecord {
  outcome: 'approved' | 'rejected';
  /** The reviewing pharmacist (审方药师), of the prescribing institution. */
  pharmacistId: string;
  /** The version reviewed. */
  version: number;
  issues: { kind: ReviewIssueKind; itemIndex: number | null; message: string }[];
  reviewedAtMs: number;
}

export type FulfilmentMethod = 'pickup' | 'delivery';
/** Routing to a pharmacy (处方流转): requested → accepted | rejected → in-progress → completed. */
export type RoutingStatus = 'requested' | 'accepted' | 'rejected' | 'in-progress' | 'completed';

export interface DeliveryAddress {
  recipient: string;
  mobile: string;
  province: string;
  city: string;
  district: string | null;
  line: string;
}

export interface RoutingRecord {
  pharmacyId: string;
  method: FulfilmentMethod;
  status: RoutingStatus;
  deliveryAddress: DeliveryAddress | null;
  /** Why the pharmacy declined (e.g. out of stock). */
  rejection: { reason: 'out-of-stock' | 'cannot-deliver' | 'other'; note: string | null } | null;
  requestedAtMs: number;
  acceptedAtMs: number | null;
  completedAtMs: number | null;
}

export interface DispenseRecord {
  id: string;
  /** The dispensing pharmacist, of the pharmacy. */
  pharmacistId: string;
  lines: { drugId: string; quantity: number; lotNumber: string | null }[];
  /** Less than prescribed of some item: recorded, and the prescription is used all the same (BR-RX-8). */
  partial: boolean;
  dispensedAtMs: number;
}

export type DeliveryStatus = 'shipped' | 'in-transit' | 'delivered' | 'failed';

export interface DeliveryRecord {
  carrier: string;
  trackingNumber: string;
  status: DeliveryStatus;
  history: { status: DeliveryStatus; atMs: number; note: string | null }[];
}

export interface PrescriptionRecord {
  id: string;
  /** 1, then one more for each revision after a rejected review. */
  version: number;
  status: PrescriptionStatus;
  patientId: string;
  /** The prescribing institution. */
  organizationId: string;
  encounterId: string;
  /** The consulting doctor (BR-RX-1). */
  practitionerId: string;
  diagnosis: CodedCondition;
  items: PrescriptionItem[];
  /** BR-RX-6: at most 3 days' supply instead of 7. */
  emergency: boolean;
  /** BR-RX-6: a long-term prescription for a stable chronic patient, up to 12 weeks. */
  longTerm: boolean;
  /** The doctor's e-signature of the current version (BR-RX-2); cleared by a revision. */
  signature: { practitionerId: string; signedAtMs: number } | null;
  reviews: ReviewRecord[];
  /** When the current version was approved: the day it is issued (BR-RX-5). */
  issuedAtMs: number | null;
  /** End of validity (BR-RX-5): the end of the issue day, extendable to the end of its third day. */
  expiresAtMs: number | null;
  /** The pharmacy it is routed to now (null before routing or after a declined routing). */
  pharmacyId: string | null;
  /** In-store tele-consultation: the pharmacy the patient is at, where it goes on approval. */
  inStorePharmacyId: string | null;
  routing: RoutingRecord | null;
  /** Routings the pharmacies declined, oldest first. */
  declinedRoutings: RoutingRecord[];
  dispense: DispenseRecord | null;
  delivery: DeliveryRecord | null;
  cancellation: { reason: string; atMs: number } | null;
  createdAtMs: number;
  updatedAtMs: number;
}
