/** Encounter operations, keyed by operationId: read the request, call the service, shape the answer. */
import { pathParam, queryString, requireCaller, type HandlerContext, type RouteTable, page } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { DiscontinuationReason, EncounterRecord } from './model.js';
import type { CreateEncounterInput, CreateMessageInput, EncounterService } from './service.js';
import { encounterView, messageView } from './views.js';

// Sort keys, at module level so that no closure is made per request.
const newestFirst = (e: EncounterRecord) => [-e.createdAtMs, e.id];
// Messages are append-only, so their position in the encounter is a stable key, and ties in time keep the order they were sent in.
const oldestFirst = (m: { position: number }) => [m.position];

export function encounterRoutes(service: EncounterService): RouteTable {
  const encounterId = (context: HandlerContext) => pathParam(context, 'encounterId');
  return {
    listEncounters(context) {
      const { query } = context;
      const records = service.search(requireCaller(context), {
        patientId: queryString(query, 'patientId'),
        status: queryString(query, 'status'),
        type: queryString(query, 'type'),
      });
      return { status: 200, body: paginate(records, { keyOf: newestFirst, view: encounterView, ...page(context) }) };
    },

    createEncounter(context) {
      const record = service.create(requireCaller(context), context.body as CreateEncounterInput, context.nowMs);
      return { status: 201, body: encounterView(record) };
    },

    getEncounter(context) {
      return { status: 200, body: encounterView(service.read(requireCaller(context), encounterId(context), context.nowMs)) };
    },

    startEncounter(context) {
      return { status: 200, body: encounterView(service.start(requireCaller(context), encounterId(context), context.nowMs)) };
    },

    completeEncounter(context) {
      return { status: 200, body: encounterView(service.complete(requireCaller(context), encounterId(context), context.nowMs)) };
    },

    discontinueEncounter(context) {
      const { reason, note } = context.body as { reason: DiscontinuationReason; note: string };
      return { status: 200, body: encounterView(service.discontinue(requireCaller(context), encounterId(context), reason, note, context.nowMs)) };
    },

    listEncounterMessages(context) {
      const caller = requireCaller(context);
      const { encounter, messages } = service.messages(caller, encounterId(context));
      const positioned = messages.map((message, position) => ({ message, position }));
      const result = paginate(positioned, { keyOf: oldestFirst, view: ({ message }) => messageView(encounter, message), ...page(context) });
      // Audited after paging: every message returned to an organization is one read.
      service.auditMessages(caller, encounter, result.data, context.nowMs);
      const { id, patientId, organizationId, pharmacyId } = encounter;
      return { status: 200, body: { encounterId: id, patientId, organizationId, pharmacyId, ...result } };
    },

    createEncounterMessage(context) {
      const caller = requireCaller(context);
      const id = encounterId(context);
      const message = service.postMessage(caller, id, context.body as CreateMessageInput, context.nowMs);
      return { status: 201, body: messageView(service.visible(caller, id), message) };
    },
  };
}
