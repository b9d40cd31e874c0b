/** Encounters and their messages, indexed for the queries the API offers. */
import { MultiIndex } from '../../engine/multi-index.js';
import type { EncounterRecord, MessageRecord } from './model.js';

export class EncounterStore {
  readonly encounters = new Map<string, EncounterRecord>();
  readonly messages = new Map<string, MessageRecord>();
  readonly byPatient = new MultiIndex();
  readonly byOrganization = new MultiIndex();
  /** In-store tele-consultations by the pharmacy they happen at. */
  readonly byPharmacy = new MultiIndex();
  readonly byPractitioner = new MultiIndex();
  readonly messagesByEncounter = new MultiIndex();

  add(encounter: EncounterRecord): void {
    this.encounters.set(encounter.id, encounter);
    this.byPatient.add(encounter.patientId, encounter.id);
    this.byOrganization.add(encounter.organizationId, encounter.id);
    this.byPractitioner.add(encounter.practitionerId, encounter.id);
    if (encounter.pharmacyId !== null) this.byPharmacy.add(encounter.pharmacyId, encounter.id);
  }

  addMessage(message: MessageRecord): void {
    this.messages.set(message.id, message);
    this.messagesByEncounter.add(message.encounterId, message.id);
  }

  get(id: string): EncounterRecord | undefined {
    return this.encounters.get(id);
  }
}
