/**
 * Cloud-record, consent and audit operations: tenancy, the rules of rules.ts, and their effects
 * (state, events, audit). Every method is synchronous and checks everything before it changes anything.
 */
import type { AuditedResource, AuditEntry, Purpose } from '../../engine/audit.js';
import type { Caller } from '../../engine/auth.js';
import { notFound, validationFailed, type FieldError } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import type { AttachmentMetadata, CodedCondition } from '../encounters/model.js';
import type { ConsentRecord, DocumentRecord, DocumentType, Interpretation, ObservationRecord } from './model.js';
import { assertNoActiveConsent, assertRevocable, listAccess, readableUnder, recordAccess, type RecordAccess } from './rules.js';

/** Who reads, for whom and why: the query of every record read. */
export interface ReadQuery {
  patientId?: string | undefined;
  purpose?: Purpose | undefined;
  practitionerId?: string | undefined;
}

export interface CreateDocumentInput {
  type: DocumentType;
  title: string;
  patientId: string;
  authorPractitionerId?: string;
  encounterId?: string;
  effectiveDate: string;
  diagnoses?: CodedCondition[];
  attachment?: AttachmentMetadata;
}

export interface CreateObservationInput {
  patientId: string;
  documentId?: string;
  code: string;
  display: string;
  value: number;
  unit: string;
  referenceRange?: { low: number | null; high: number | null };
  interpretation?: Interpretation;
  effectiveAt: string;
}

export interface AuditQuery {
  patientId?: string | undefined;
  resourceType?: string | undefined;
  after?: string | undefined;
}

/** A record as read: its patient, custodian and id (a diagnosis reads as its document). */
interface ReadRecord {
  patientId: string;
  organizationId: string;
  id: string;
}

/** One read of a patient's records: what to return, and how to audit what is returned. */
export interface RecordRead {
  caller: Caller;
  /** Undefined for a patient reading their own (not audited). */
  access: RecordAccess | undefined;
  practitionerId: string | null;
}

const sequenceOf = (auditId: string) => Number(auditId.slice(4));

export class RecordsService {
  constructor(private readonly services: PlatformServices) {}

  private get records() {
    return this.services.records;
  }

  // ── Reads (BR-REC-1). ──

  /**
   * Who reads whose records: a patient their own (a `patientId` of someone else selects nothing);
   * an organization a named patient, for a purpose, under BR-REC-1.
   */
  openRead(caller: Caller, query: ReadQuery): { read: RecordRead; patientId: string | undefined } {
    if (caller.kind === 'patient') {
      const patientId = query.patientId === undefined || query.patientId === caller.patientId ? caller.patientId : undefined;
      return { read: { caller, access: undefined, practitionerId: null }, patientId };
    }
    const errors: FieldError[] = [];
    if (query.patientId === undefined) errors.push({ pointer: '/query/patientId', code: 'required', message: 'organizations name the patient whose records they read' });
    const practitionerId = this.practitionerOf(caller.organizationId, query.practitionerId, errors);
    if (errors.length > 0 || query.patientId === undefined) throw validationFailed(errors);
    if (!this.services.patients.get(query.patientId)) throw notFound('patient', query.patientId);
    const access = listAccess(this.records, caller.organizationId, query.patientId, query.purpose ?? 'treatment');
    return { read: { caller, access, practitionerId }, patientId: query.patientId };
  }

  /** The clinician on whose behalf an organization reads must be one of its own. */
  private practitionerOf(organizationId: string, practitionerId: string | undefined, errors: FieldError[]): string | null {
    if (practitionerId === undefined) return null;
    if (this.services.directory.practitioners.get(practitionerId)?.organizationId !== organizationId) {
      errors.push({ pointer: '/query/practitionerId', code: 'not_found', message: `no practitioner ${practitionerId} at ${organizationId}` });
    }
    return practitionerId;
  }

  /** The items of a list the read may return. */
  readable<T extends { organizationId: string }>(read: RecordRead, items: T[]): T[] {
    const { access } = read;
    return access === undefined ? items : items.filter((item) => readableUnder(access, item).readable);
  }

  /** Every record returned to an organization is one audit entry, with the consent it relied on. */
  audit(read: RecordRead, resourceType: AuditedResource, returned: readonly ReadRecord[], nowMs: number): void {
    const { access } = read;
    if (access === undefined) return;
    for (const record of returned) {
      this.services.audit.recordRead(
        read.caller,
        {
          patientId: record.patientId,
          resourceType,
          resourceId: record.id,
          purpose: access.purpose,
          practitionerId: read.practitionerId,
          consentId: readableUnder(access, record).consentId,
        },
        nowMs,
      );
    }
  }

  documentsOf(patientId: string | undefined, type: string | undefined): DocumentRecord[] {
    if (patientId === undefined) return [];
    return this.records.documentsOf(patientId).filter((document) => type === undefined || document.type === type);
  }

  observationsOf(patientId: string | undefined, code: string | undefined): ObservationRecord[] {
    if (patientId === undefined) return [];
    return [...this.records.observationsByPatient.get(patientId)]
      .flatMap((id) => this.records.observations.get(id) ?? [])
      .filter((observation) => code === undefined || observation.code === code);
  }

  /** One document: a patient's own, or (BR-REC-1) the custodian's or another institution's with consent. Audited for organizations. */
  readDocument(caller: Caller, id: string, query: ReadQuery, nowMs: number): DocumentRecord {
    const document = this.records.documents.get(id);
    if (caller.kind === 'patient') {
      if (!document || document.patientId !== caller.patientId) throw notFound('document', id);
      return document;
    }
    const errors: FieldError[] = [];
    const practitionerId = this.practitionerOf(caller.organizationId, query.practitionerId, errors);
    if (errors.length > 0) throw validationFailed(errors);
    if (!document) throw notFound('document', id);
    const purpose = query.purpose ?? 'treatment';
    const consent = recordAccess(this.records, caller.organizationId, document, purpose);
    this.services.audit.recordRead(
      caller,
      { patientId: document.patientId, resourceType: 'document', resourceId: document.id, purpose, practitionerId, consentId: consent?.id ?? null },
      nowMs,
    );
    return document;
  }

  // ── Writes (the caller becomes the custodian). ──

  createDocument(organizationId: string, input: CreateDocumentInput, nowMs: number): DocumentRecord {
    this.requirePatient(input.patientId);
    const errors: FieldError[] = [];
    if (input.authorPractitionerId !== undefined && this.services.directory.practitioners.get(input.authorPractitionerId)?.organizationId !== organizationId) {
      errors.push({ pointer: '/body/authorPractitionerId', code: 'not_found', message: `no practitioner ${input.authorPractitionerId} at ${organizationId}` });
    }
    if (input.encounterId !== undefined) {
      const encounter = this.services.encounters.get(input.encounterId);
      if (!encounter || encounter.organizationId !== organizationId || encounter.patientId !== input.patientId) {
        errors.push({ pointer: '/body/encounterId', code: 'not_found', message: `no encounter ${input.encounterId} of this patient at ${organizationId}` });
      }
    }
    if (errors.length > 0) throw validationFailed(errors);
    const document: DocumentRecord = {
      id: this.services.ids.next('doc'),
      type: input.type,
      title: input.title,
      patientId: input.patientId,
      organizationId,
      authorPractitionerId: input.authorPractitionerId ?? null,
      encounterId: input.encounterId ?? null,
      effectiveDate: input.effectiveDate,
      diagnoses: (input.diagnoses ?? []).map(({ icd10, display }) => ({ icd10, display })),
      attachment: input.attachment ? { ...input.attachment } : null,
      createdAtMs: nowMs,
    };
    this.records.addDocument(document);
    this.services.events.emit('document.created', { object: 'document', id: document.id, status: 'created', organizationId, patientId: document.patientId }, nowMs);
    return document;
  }

  createObservation(organizationId: string, input: CreateObservationInput, nowMs: number): ObservationRecord {
    this.requirePatient(input.patientId);
    if (input.documentId !== undefined) {
      const document = this.records.documents.get(input.documentId);
      if (!document || document.organizationId !== organizationId || document.patientId !== input.patientId) {
        throw validationFailed([{ pointer: '/body/documentId', code: 'not_found', message: `no document ${input.documentId} of this patient at ${organizationId}` }]);
      }
    }
    const referenceRange = input.referenceRange ? { low: input.referenceRange.low, high: input.referenceRange.high } : null;
    const observation: ObservationRecord = {
      id: this.services.ids.next('obs'),
      patientId: input.patientId,
      organizationId,
      documentId: input.documentId ?? null,
      code: input.code,
      display: input.display,
      value: input.value,
      unit: input.unit,
      referenceRange,
      interpretation: input.interpretation ?? interpret(input.value, referenceRange),
      effectiveAtMs: Date.parse(input.effectiveAt),
      createdAtMs: nowMs,
    };
    this.records.addObservation(observation);
    this.services.events.emit(
      'observation.created',
      { object: 'observation', id: observation.id, status: 'created', organizationId, patientId: observation.patientId },
      nowMs,
    );
    return observation;
  }

  private requirePatient(patientId: string): void {
    if (!this.services.patients.get(patientId)) throw notFound('patient', patientId);
  }

  // ── Consents (the patient's own). ──

  consent(patientId: string, id: string): ConsentRecord {
    const consent = this.records.consents.get(id);
    if (!consent || consent.patientId !== patientId) throw notFound('consent', id);
    return consent;
  }

  consentsOf(patientId: string, status: string | undefined): ConsentRecord[] {
    return [...this.records.consentsByPatient.get(patientId)]
      .flatMap((id) => this.records.consents.get(id) ?? [])
      .filter((consent) => status === undefined || consent.status === status);
  }

  grantConsent(patientId: string, purpose: Purpose, nowMs: number): ConsentRecord {
    assertNoActiveConsent(this.records, patientId, purpose);
    const consent: ConsentRecord = { id: this.services.ids.next('cns'), patientId, purpose, status: 'active', grantedAtMs: nowMs, revokedAtMs: null };
    this.records.addConsent(consent);
    this.emitConsent('consent.granted', consent, nowMs);
    return consent;
  }

  revokeConsent(patientId: string, id: string, nowMs: number): ConsentRecord {
    const consent = this.consent(patientId, id);
    assertRevocable(consent);
    consent.status = 'revoked';
    consent.revokedAtMs = nowMs;
    this.emitConsent('consent.revoked', consent, nowMs);
    return consent;
  }

  /** A patient's own resource: the event goes to the patient only. */
  private emitConsent(type: 'consent.granted' | 'consent.revoked', consent: ConsentRecord, nowMs: number): void {
    this.services.events.emit(type, { object: 'consent', id: consent.id, status: consent.status, patientId: consent.patientId }, nowMs);
  }

  // ── The audit log. ──

  auditEvents(caller: Caller, query: AuditQuery): AuditEntry[] {
    const after = query.after === undefined ? undefined : sequenceOf(query.after);
    return this.services.audit
      .visibleTo(caller)
      .filter(
        (entry) =>
          (caller.kind === 'patient' || query.patientId === undefined || entry.patientId === query.patientId) &&
          (query.resourceType === undefined || entry.resourceType === query.resourceType) &&
          (after === undefined || sequenceOf(entry.id) > after),
      );
  }
}

/** An observation's interpretation from its reference range (`normal` without one). */
function interpret(value: number, range: { low: number | null; high: number | null } | null): Interpretation {
  if (range?.low !== null && range?.low !== undefined && value < range.low) return 'low';
  if (range?.high !== null && range?.high !== undefined && value > range.high) return 'high';
  return 'normal';
}
