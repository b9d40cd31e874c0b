/**
 * AI assistance: triage, diabetes decision support and the doctor's dispositions. Tenancy, the
 * rules of rules.ts and their effects (state, events, audit). Every method is synchronous.
 *
 * Tenancy: a suggestion belongs to the organization that asked; anyone else gets 404.
 */
import type { Caller } from '../../engine/auth.js';
import type { EventType } from '../../engine/events.js';
import { DomainError, notFound, validationFailed } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import { PHARMACIST_TITLES, type Practitioner } from '../directory/model.js';
import type { AiSuggestionRecord, DiabetesInputs, Disposition, KnownDiagnosis, TriageSymptom } from './model.js';
import { assertAcceptanceSigned, diabetesSuggestion, isDiabetesCode, triage } from './rules.js';

export interface TriageInput {
  symptoms: TriageSymptom[];
  age?: number;
  sex?: 'female' | 'male';
}

export interface DiabetesInput {
  patientId: string;
  encounterId?: string;
  practitionerId: string;
  fastingGlucoseMmolL?: number;
  hba1cPercent?: number;
  randomGlucoseMmolL?: number;
  symptoms?: TriageSymptom[];
}

export interface DispositionInput {
  practitionerId: string;
  disposition: Disposition;
  note: string;
  signature?: { practitionerId: string };
}

export interface TriageSuggestionView {
  departmentId: string;
  organizationId: string;
  name: string;
  confidence: number;
  reason: string;
  bookingLink: string;
}

export class AiService {
  constructor(private readonly services: PlatformServices) {}

  /** Departments for symptoms, with their names and booking links; advisory, nothing stored. */
  triage(input: TriageInput): { urgent: boolean; suggestions: TriageSuggestionView[] } {
    // A symptom named twice counts once.
    const { urgent, matches } = triage([...new Set(input.symptoms)], input.age);
    const suggestions = matches.flatMap((match) => {
      const department = this.services.directory.departments.get(match.departmentId);
      if (!department) return [];
      return [
        {
          departmentId: department.id,
          organizationId: department.organizationId,
          name: department.name,
          confidence: match.confidence,
          reason: match.reason,
          bookingLink: `/v1/slots?departmentId=${department.id}`,
        },
      ];
    });
    return { urgent, suggestions };
  }

  visible(organizationId: string, id: string): AiSuggestionRecord {
    const suggestion = this.services.aiSuggestions.get(id);
    if (!suggestion || suggestion.organizationId !== organizationId) throw notFound('ai_suggestion', id);
    return suggestion;
  }

  diabetes(caller: Caller, organizationId: string, input: DiabetesInput, nowMs: number): AiSuggestionRecord {
    const inputs: DiabetesInputs = {
      fastingGlucoseMmolL: input.fastingGlucoseMmolL ?? null,
      hba1cPercent: input.hba1cPercent ?? null,
      randomGlucoseMmolL: input.randomGlucoseMmolL ?? null,
      symptoms: [...new Set(input.symptoms ?? [])],
    };
    if (inputs.fastingGlucoseMmolL === null && inputs.hba1cPercent === null && inputs.randomGlucoseMmolL === null) {
      throw validationFailed([{ pointer: '/body', code: 'required', message: 'give at least one of fastingGlucoseMmolL, hba1cPercent, randomGlucoseMmolL' }]);
    }
    this.doctorOf(organizationId, input.practitionerId);
    if (!this.services.patients.get(input.patientId)) {
      throw validationFailed([{ pointer: '/body/patientId', code: 'not_found', message: `no patient ${input.patientId}` }]);
    }
    if (input.encounterId !== undefined) {
      const encounter = this.services.encounters.get(input.encounterId);
      if (!encounter || encounter.organizationId !== organizationId || encounter.patientId !== input.patientId) throw notFound('encounter', input.encounterId);
    }
    const id = this.services.ids.next('ais');
    const knownDiagnoses = this.readDiabetesDiagnoses(caller, organizationId, input.patientId, input.practitionerId, nowMs);
    const suggestion: AiSuggestionRecord = {
      id,
      kind: 'diabetes',
      status: 'open',
      patientId: input.patientId,
      organizationId,
      encounterId: input.encounterId ?? null,
      practitionerId: input.practitionerId,
      inputs,
      knownDiagnoses,
      ...diabetesSuggestion(inputs, knownDiagnoses),
      dispositions: [],
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.services.aiSuggestions.add(suggestion);
    this.emit('ai_suggestion.created', suggestion, nowMs);
    return suggestion;
  }

  /** BR-AI-1: the deciding doctor is a verified doctor of the caller, and signs an acceptance. */
  recordDisposition(organizationId: string, id: string, input: DispositionInput, nowMs: number): AiSuggestionRecord {
    const suggestion = this.visible(organizationId, id);
    const doctor = this.doctorOf(organizationId, input.practitionerId);
    if (!doctor.realNameVerified) {
      throw new DomainError(403, 'PRACTITIONER_NOT_VERIFIED', `${doctor.id} is not real-name verified and cannot decide on an AI suggestion (BR-AI-1).`);
    }
    assertAcceptanceSigned(suggestion.id, input.practitionerId, input.disposition, input.signature?.practitionerId);
    suggestion.dispositions.push({
      practitionerId: input.practitionerId,
      disposition: input.disposition,
      note: input.note,
      signedBy: input.signature?.practitionerId ?? null,
      recordedAtMs: nowMs,
    });
    suggestion.status = input.disposition;
    suggestion.updatedAtMs = nowMs;
    this.emit('ai_suggestion.disposition_recorded', suggestion, nowMs);
    return suggestion;
  }

  private doctorOf(organizationId: string, practitionerId: string): Practitioner {
    const practitioner = this.services.directory.practitioners.get(practitionerId);
    if (!practitioner || practitioner.organizationId !== organizationId || PHARMACIST_TITLES.includes(practitioner.title)) {
      throw validationFailed([{ pointer: '/body/practitionerId', code: 'not_found', message: `no doctor ${practitionerId} at ${organizationId}` }]);
    }
    return practitioner;
  }

  /**
   * Diabetes diagnoses in the patient's cloud record: the caller's own documents, and other
   * institutions' under the patient's active treatment consent. Each document read is audited.
   */
  private readDiabetesDiagnoses(caller: Caller, organizationId: string, patientId: string, practitionerId: string, nowMs: number): KnownDiagnosis[] {
    const { records, audit } = this.services;
    const consent = records.activeConsent(patientId, 'treatment');
    const readable = records.documentsOf(patientId).filter((d) => d.organizationId === organizationId || consent !== undefined);
    readable.sort((a, b) => a.createdAtMs - b.createdAtMs || a.id.localeCompare(b.id));
    return readable.flatMap((document) => {
      const found = document.diagnoses.filter((d) => isDiabetesCode(d.icd10));
      if (found.length === 0) return [];
      const consentId = document.organizationId === organizationId ? null : (consent?.id ?? null);
      audit.recordRead(caller, { patientId, resourceType: 'diagnosis', resourceId: document.id, purpose: 'treatment', practitionerId, consentId }, nowMs);
      return found.map((d) => ({ icd10: d.icd10, display: d.display, documentId: document.id }));
    });
  }

  /** Ids and status only; the asking organization owns the suggestion. */
  private emit(type: EventType, suggestion: AiSuggestionRecord, atMs: number): void {
    this.services.events.emit(
      type,
      { object: 'ai_suggestion', id: suggestion.id, status: suggestion.status, organizationId: suggestion.organizationId, patientId: suggestion.patientId },
      atMs,
    );
  }
}
