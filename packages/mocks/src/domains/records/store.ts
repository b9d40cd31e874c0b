/** Documents, observations and consents, indexed by patient. */
import type { Purpose } from '../../engine/audit.js';
import { MultiIndex } from '../../engine/multi-index.js';
import type { ConsentRecord, DocumentRecord, ObservationRecord } from './model.js';

export class RecordsStore {
  readonly documents = new Map<string, DocumentRecord>();
  readonly observations = new Map<string, ObservationRecord>();
  readonly consents = new Map<string, ConsentRecord>();
  readonly documentsByPatient = new MultiIndex();
  readonly observationsByPatient = new MultiIndex();
  readonly consentsByPatient = new MultiIndex();

  addDocument(document: DocumentRecord): void {
    this.documents.set(document.id, document);
    this.documentsByPatient.add(document.patientId, document.id);
  }

  addObservation(observation: ObservationRecord): void {
    this.observations.set(observation.id, observation);
    this.observationsByPatient.add(observation.patientId, observation.id);
  }

  addConsent(consent: ConsentRecord): void {
    this.consents.set(consent.id, consent);
    this.consentsByPatient.add(consent.patientId, consent.id);
  }

  /** The patient's active consent for the purpose, if any (at most one: one per purpose). */
  activeConsent(patientId: string, purpose: Purpose): ConsentRecord | undefined {
    for (const id of this.consentsByPatient.get(patientId)) {
      const consent = this.consents.get(id);
      if (consent?.purpose === purpose && consent.status === 'active') return consent;
    }
    return undefined;
  }

  documentsOf(patientId: string): DocumentRecord[] {
    return [...this.documentsByPatient.get(patientId)].flatMap((id) => this.documents.get(id) ?? []);
  }
}
