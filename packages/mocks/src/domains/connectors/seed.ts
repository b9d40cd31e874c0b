/**
 * The seeded connector world: Qingtian People's Hospital (org_qtph) has registered its DMZ
 * connector for record fetches and report pushes only (its bookings stay native), has not started
 * it yet (provisioning), and one report waits to be pushed into its HIS. Li Na imported her
 * Qingtian records before.
 */
import { pendingCommand, type ConnectorRelay } from './relay.js';

const at = (iso: string) => Date.parse(iso);

export function seedConnectors(relay: ConnectorRelay): void {
  relay.addConnector({
    id: 'con_qtph_dmz',
    organizationId: 'org_qtph',
    name: 'Main campus DMZ connector',
    status: 'provisioning',
    version: null,
    allowedOperations: ['record.fetch', 'report.push'],
    lastSeenAtMs: null,
    lastHeartbeatAtMs: null,
    hisReachable: null,
    roundTripP50Ms: null,
    roundTripP95Ms: null,
    createdAtMs: at('2026-05-20T09:00:00+08:00'),
    revokedAtMs: null,
    statusCheckAtMs: null,
  });
  // Zhao Lei's hypertension certificate from the county hospital, for his file at Qingtian.
  relay.addCommand(
    pendingCommand({
      id: 'cmd_qtph_report_1',
      connectorId: 'con_qtph_dmz',
      type: 'report.push',
      naturalKey: 'report:doc_zhaolei_20230506',
      payload: {
        documentId: 'doc_zhaolei_20230506',
        patientId: 'pat_zhaolei',
        documentType: 'diagnosis-certificate',
        title: 'Diagnosis certificate: essential hypertension',
      },
      createdAtMs: at('2026-06-01T07:30:00+08:00'),
    }),
  );
  relay.addImport({
    id: 'rim_lina_qtph_1',
    status: 'completed',
    patientId: 'pat_lina',
    organizationId: 'org_qtph',
    documentIds: ['doc_lina_20251118'],
    error: null,
    createdAtMs: at('2026-05-21T10:00:00+08:00'),
    completedAtMs: at('2026-05-21T10:00:02+08:00'),
  });
  relay.importedHisDocuments.set('org_qtph|pat_lina|MZ-20251118-0042', 'doc_lina_20251118');
}
