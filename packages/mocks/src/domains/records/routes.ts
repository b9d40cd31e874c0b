/** Cloud-record, consent and audit operations, keyed by operationId: read the request, call the service, shape the answer. */
import type { AuditEntry, Purpose } from '../../engine/audit.js';
import { pathParam, queryString, requireCaller, type HandlerContext, type RouteTable, patientOnly, organizationOnly, page } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { ConsentRecord, DocumentRecord, ObservationRecord } from './model.js';
import type { CreateDocumentInput, CreateObservationInput, ReadQuery, RecordsService } from './service.js';
import { consentView, diagnosesOf, diagnosisView, documentView, observationView, type DiagnosisEntry } from './views.js';

function readQuery(context: HandlerContext): ReadQuery {
  const { query } = context;
  return {
    patientId: queryString(query, 'patientId'),
    purpose: queryString(query, 'purpose') as Purpose | undefined,
    practitionerId: queryString(query, 'practitionerId'),
  };
}

// Sort keys, at module level so that no closure is made per request.
const documentOrder = (d: DocumentRecord) => [-Date.parse(d.effectiveDate), -d.createdAtMs, d.id];
const diagnosisOrder = (d: DiagnosisEntry) => [-Date.parse(d.document.effectiveDate), d.document.id, d.icd10];
const observationOrder = (o: ObservationRecord) => [-o.effectiveAtMs, o.id];
const consentOrder = (c: ConsentRecord) => [-c.grantedAtMs, c.id];
const auditOrder = (e: AuditEntry) => [e.id];
const auditView = (e: AuditEntry) => ({ ...e });

export function recordsRoutes(service: RecordsService): RouteTable {
  return {
    listDocuments(context) {
      const { read, patientId } = service.openRead(requireCaller(context), readQuery(context));
      const records = service.readable(read, service.documentsOf(patientId, queryString(context.query, 'type')));
      const result = paginate(records, { keyOf: documentOrder, view: (d) => d, ...page(context) });
      service.audit(read, 'document', result.data, context.nowMs);
      return { status: 200, body: { data: result.data.map(documentView), nextCursor: result.nextCursor } };
    },

    getDocument(context) {
      const document = service.readDocument(requireCaller(context), pathParam(context, 'documentId'), readQuery(context), context.nowMs);
      return { status: 200, body: documentView(document) };
    },

    createDocument(context) {
      return { status: 201, body: documentView(service.createDocument(organizationOnly(context), context.body as CreateDocumentInput, context.nowMs)) };
    },

    listDiagnoses(context) {
      const { read, patientId } = service.openRead(requireCaller(context), readQuery(context));
      const entries = diagnosesOf(service.readable(read, service.documentsOf(patientId, undefined)));
      const result = paginate(entries, { keyOf: diagnosisOrder, view: (d) => d, ...page(context) });
      // A diagnosis is read from its document: the entry names the document.
      service.audit(read, 'diagnosis', result.data.map((d) => d.document), context.nowMs);
      return { status: 200, body: { data: result.data.map(diagnosisView), nextCursor: result.nextCursor } };
    },

    listObservations(context) {
      const { read, patientId } = service.openRead(requireCaller(context), readQuery(context));
      const records = service.readable(read, service.observationsOf(patientId, queryString(context.query, 'code')));
      const result = paginate(records, { keyOf: observationOrder, view: (o) => o, ...page(context) });
      service.audit(read, 'observation', result.data, context.nowMs);
      return { status: 200, body: { data: result.data.map(observationView), nextCursor: result.nextCursor } };
    },

    createObservation(context) {
      const record = service.createObservation(organizationOnly(context), context.body as CreateObservationInput, context.nowMs);
      return { status: 201, body: observationView(record) };
    },

    listConsents(context) {
      const records = service.consentsOf(patientOnly(context), queryString(context.query, 'status'));
      return { status: 200, body: paginate(records, { keyOf: consentOrder, view: consentView, ...page(context) }) };
    },

    grantConsent(context) {
      const { purpose } = context.body as { purpose: Purpose };
      return { status: 201, body: consentView(service.grantConsent(patientOnly(context), purpose, context.nowMs)) };
    },

    getConsent(context) {
      return { status: 200, body: consentView(service.consent(patientOnly(context), pathParam(context, 'consentId'))) };
    },

    revokeConsent(context) {
      return { status: 200, body: consentView(service.revokeConsent(patientOnly(context), pathParam(context, 'consentId'), context.nowMs)) };
    },

    listAuditEvents(context) {
      const { query } = context;
      const entries = service.auditEvents(requireCaller(context), {
        patientId: queryString(query, 'patientId'),
        resourceType: queryString(query, 'resourceType'),
        after: queryString(query, 'after'),
      });
      // Oldest first: audit ids grow with time.
      return { status: 200, body: paginate(entries, { keyOf: auditOrder, view: auditView, ...page(context) }) };
    },
  };
}
