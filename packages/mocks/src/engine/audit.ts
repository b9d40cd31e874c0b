/**
 * The append-only audit log (PLATFORM.md conventions, §6): every read of a patient's health data
 * by an organization, with the purpose of use. Patients read the entries about them; an
 * organization reads its own reads. Nothing ever changes or removes an entry.
 */
import type { Caller } from './auth.js';
import { formatLocal } from './clock.js';
import { MultiIndex } from './multi-index.js';

/** Purposes of use, each needing its own consent for reads across institutions (PIPL: separate consent per purpose). */
export type Purpose = 'treatment' | 'referral' | 'remote-consultation' | 'insurance-claim' | 'research';

/** The kinds of health data whose reads are audited. */
export type AuditedResource =
  | 'encounter'
  | 'message'
  | 'document'
  | 'diagnosis'
  | 'observation'
  | 'prescription'
  | 'consultation'
  | 'consultation_task'
  | 'referral'
  | 'claim';

export interface AuditEntry {
  id: string;
  action: 'read';
  patientId: string;
  /** The organization that read. */
  organizationId: string;
  /** The clinician on whose behalf the organization read, when it said. */
  practitionerId: string | null;
  resourceType: AuditedResource;
  resourceId: string;
  purpose: Purpose;
  /** The consent the read relied on (a read across institutions), or null for the custodian's own reads. */
  consentId: string | null;
  occurredAt: string;
}

export interface AuditRead {
  patientId: string;
  resourceType: AuditedResource;
  resourceId: string;
  purpose: Purpose;
  practitionerId?: string | null | undefined;
  consentId?: string | null | undefined;
}

export class AuditLog {
  private readonly entries: AuditEntry[] = [];
  readonly byPatient = new MultiIndex();
  readonly byOrganization = new MultiIndex();
  private readonly byId = new Map<string, AuditEntry>();

  /**
   * Records an organization's read of health data; a patient reading their own data is not
   * audited. Ids are sequential (`aud_00000001`), so the log's order is its id order.
   */
  recordRead(caller: Caller, read: AuditRead, atMs: number): void {
    if (caller.kind !== 'organization') return;
    const entry: AuditEntry = {
      id: `aud_${String(this.entries.length + 1).padStart(8, '0')}`,
      action: 'read',
      patientId: read.patientId,
      organizationId: caller.organizationId,
      practitionerId: read.practitionerId ?? null,
      resourceType: read.resourceType,
      resourceId: read.resourceId,
      purpose: read.purpose,
      consentId: read.consentId ?? null,
      occurredAt: formatLocal(atMs),
    };
    this.entries.push(entry);
    this.byId.set(entry.id, entry);
    this.byPatient.add(entry.patientId, entry.id);
    this.byOrganization.add(entry.organizationId, entry.id);
  }

  get(id: string): AuditEntry | undefined {
    return this.byId.get(id);
  }

  /** The entries a caller may read: a patient's about them, an organization's own reads; oldest first. */
  visibleTo(caller: Caller): AuditEntry[] {
    const ids = caller.kind === 'patient' ? this.byPatient.get(caller.patientId) : this.byOrganization.get(caller.organizationId);
    return [...ids].flatMap((id) => this.byId.get(id) ?? []);
  }

  all(): readonly AuditEntry[] {
    return this.entries;
  }
}
