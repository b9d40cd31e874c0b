/**
 * The hospital connector domain (PLATFORM.md §3): connectors, their command queue and long poll
 * (relay.ts, shared with scheduling as `services.connectors`), record imports through `record.fetch`
 * and reports pushed into the HIS through `report.push`.
 */
import type { DocumentRecord, DocumentType } from '../records/model.js';
import { notFound, validationFailed } from '../../engine/problem.js';
import type { Domain, PlatformServices } from '../../services.js';
import type { CommandRecord, RecordImportRecord } from './model.js';
import { CONNECTOR_STATUS_TIMER } from './relay.js';
import { connectorRoutes } from './routes.js';
import { assertAllows } from './rules.js';
import { seedConnectors } from './seed.js';

export const recordImportKey = (importId: string) => `record-import:${importId}`;

export class RecordImports {
  constructor(private readonly services: PlatformServices) {}

  /** Queues `record.fetch` on the hospital's connector; the import completes when the HIS answers. */
  start(patientId: string, organizationId: string, nowMs: number): RecordImportRecord {
    const { connectors: relay, directory, patients, ids } = this.services;
    if (!directory.organizations.has(organizationId)) {
      throw validationFailed([{ pointer: '/body/organizationId', code: 'not_found', message: `no organization ${organizationId}` }]);
    }
    const connector = relay.connectorFor(organizationId, 'record.fetch');
    assertAllows(organizationId, connector, 'record.fetch');
    const record: RecordImportRecord = {
      id: ids.next('rim'),
      status: 'pending',
      patientId,
      organizationId,
      documentIds: [],
      error: null,
      createdAtMs: nowMs,
      completedAtMs: null,
    };
    relay.addImport(record);
    const patient = patients.get(patientId);
    relay.enqueue(connector, 'record.fetch', recordImportKey(record.id), { patient: { id: patientId, name: patient?.name ?? patientId } }, nowMs);
    return record;
  }

  visible(patientId: string, importId: string): RecordImportRecord {
    const record = this.services.connectors.imports.get(importId);
    if (!record || record.patientId !== patientId) throw notFound('record import', importId);
    return record;
  }

  /**
   * The HIS answered a `record.fetch`: its documents join the patient's cloud record with the
   * hospital as custodian (an HIS document imported before is not added again).
   */
  complete(command: CommandRecord, atMs: number): void {
    const { connectors: relay, records, events, ids } = this.services;
    const record = relay.imports.get(command.naturalKey.replace(/^record-import:/, ''));
    if (!record || record.status !== 'pending') return;
    const audience = { organizationId: record.organizationId, patientId: record.patientId };
    if (command.status === 'failed') {
      record.status = 'failed';
      record.error = command.error;
      record.completedAtMs = atMs;
      events.emit('record_import.failed', { object: 'record_import', id: record.id, status: record.status, ...audience }, atMs);
      return;
    }
    for (const his of command.result?.documents ?? []) {
      const key = `${record.organizationId}|${record.patientId}|${his.hisDocumentId}`;
      if (relay.importedHisDocuments.has(key)) continue;
      const document: DocumentRecord = {
        id: ids.next('doc'),
        type: his.type as DocumentType,
        title: his.title,
        patientId: record.patientId,
        organizationId: record.organizationId,
        authorPractitionerId: null,
        encounterId: null,
        effectiveDate: his.effectiveDate,
        diagnoses: [],
        attachment: null,
        createdAtMs: atMs,
      };
      records.addDocument(document);
      relay.importedHisDocuments.set(key, document.id);
      record.documentIds.push(document.id);
      events.emit('document.created', { object: 'document', id: document.id, status: 'created', ...audience }, atMs);
    }
    record.status = 'completed';
    record.completedAtMs = atMs;
    events.emit('record_import.completed', { object: 'record_import', id: record.id, status: record.status, ...audience }, atMs);
  }
}

export function createConnectorsDomain(services: PlatformServices): Domain {
  const relay = services.connectors;
  seedConnectors(relay);
  const imports = new RecordImports(services);
  relay.acknowledged.on((command, atMs) => {
    if (command.type === 'record.fetch') imports.complete(command, atMs);
  });
  // A report or opinion written for a hospital goes into its HIS, at least once; nobody waits.
  services.hooks.reportWritten.on((document, forOrganizationId, atMs) => {
    const connector = relay.connectorFor(forOrganizationId, 'report.push');
    if (!connector) return;
    relay.enqueue(
      connector,
      'report.push',
      `report:${document.id}`,
      { documentId: document.id, patientId: document.patientId, documentType: document.type, title: document.title },
      atMs,
    );
  });
  const { routes, asyncRoutes } = connectorRoutes(relay, imports);
  return {
    routes,
    asyncRoutes,
    timers: { [CONNECTOR_STATUS_TIMER]: (target, atMs) => relay.checkStatus(target, atMs) },
    snapshot: () => ({ connectors: relay.connectors, connectorCommands: relay.commands, recordImports: relay.imports }),
  };
}
