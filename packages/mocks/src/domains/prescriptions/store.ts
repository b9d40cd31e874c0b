/** Prescriptions, indexed for the queries the API offers (by patient, prescriber, routed pharmacy, encounter). */
import { MultiIndex } from '../../engine/multi-index.js';
import type { PrescriptionRecord } from './model.js';

export class PrescriptionStore {
  readonly prescriptions = new Map<string, PrescriptionRecord>();
  readonly byPatient = new MultiIndex();
  readonly byOrganization = new MultiIndex();
  readonly byEncounter = new MultiIndex();
  /**
   * Every pharmacy a prescription was ever routed to. A pharmacy sees only those routed to it now
   * (`pharmacyId`): filter the candidates this index gives.
   */
  readonly byPharmacy = new MultiIndex();

  add(prescription: PrescriptionRecord): void {
    this.prescriptions.set(prescription.id, prescription);
    this.byPatient.add(prescription.patientId, prescription.id);
    this.byOrganization.add(prescription.organizationId, prescription.id);
    this.byEncounter.add(prescription.encounterId, prescription.id);
    if (prescription.pharmacyId !== null) this.byPharmacy.add(prescription.pharmacyId, prescription.id);
  }

  /** Records that the prescription is now routed to `pharmacyId` (call after setting `routing`). */
  routedTo(prescription: PrescriptionRecord, pharmacyId: string): void {
    prescription.pharmacyId = pharmacyId;
    this.byPharmacy.add(pharmacyId, prescription.id);
  }

  get(id: string): PrescriptionRecord | undefined {
    return this.prescriptions.get(id);
  }
}
