/** Connector and record import operations, keyed by operationId: read the request, call the relay, shape the answer. */
import {
  organizationOnly,
  page,
  pathParam,
  patientOnly,
  queryNumber,
  queryString,
  type AsyncRouteTable,
  type RouteTable,
} from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { RecordImports } from './domain.js';
import type { ConnectorRecord } from './model.js';
import type { AcknowledgeInput, ConnectorRelay, HeartbeatInput, RegisterInput } from './relay.js';
import { acknowledgementView, commandView, connectorView, recordImportView } from './views.js';

const newestFirst = (connector: ConnectorRecord) => [-connector.createdAtMs, connector.id];

export function connectorRoutes(relay: ConnectorRelay, imports: RecordImports): { routes: RouteTable; asyncRoutes: AsyncRouteTable } {
  const routes: RouteTable = {
    listConnectors(context) {
      const records = relay.list(organizationOnly(context));
      return { status: 200, body: paginate(records, { keyOf: newestFirst, view: (c) => connectorView(relay, c, context.nowMs), ...page(context) }) };
    },

    registerConnector(context) {
      const connector = relay.register(organizationOnly(context), context.body as RegisterInput, context.nowMs);
      return { status: 201, body: connectorView(relay, connector, context.nowMs) };
    },

    getConnector(context) {
      return { status: 200, body: connectorView(relay, relay.visible(organizationOnly(context), pathParam(context, 'connectorId')), context.nowMs) };
    },

    revokeConnector(context) {
      const connector = relay.revoke(organizationOnly(context), pathParam(context, 'connectorId'), context.nowMs);
      return { status: 200, body: connectorView(relay, connector, context.nowMs) };
    },

    sendConnectorHeartbeat(context) {
      const connector = relay.heartbeat(organizationOnly(context), pathParam(context, 'connectorId'), context.body as HeartbeatInput, context.nowMs);
      return { status: 200, body: connectorView(relay, connector, context.nowMs) };
    },

    acknowledgeConnectorCommand(context) {
      const command = relay.acknowledge(
        organizationOnly(context),
        pathParam(context, 'connectorId'),
        pathParam(context, 'commandId'),
        context.body as AcknowledgeInput,
        context.nowMs,
      );
      return { status: 200, body: acknowledgementView(command) };
    },

    importHisRecords(context) {
      const { organizationId } = context.body as { organizationId: string };
      return { status: 202, body: recordImportView(imports.start(patientOnly(context), organizationId, context.nowMs)) };
    },

    getRecordImport(context) {
      return { status: 200, body: recordImportView(imports.visible(patientOnly(context), pathParam(context, 'importId'))) };
    },
  };

  const asyncRoutes: AsyncRouteTable = {
    async pollConnectorCommands(context) {
      const batch = await relay.poll(
        organizationOnly(context),
        pathParam(context, 'connectorId'),
        {
          waitSeconds: queryNumber(context.query, 'wait') ?? 25,
          session: queryString(context.query, 'session') ?? '',
          limit: queryNumber(context.query, 'limit') ?? 10,
        },
        context.nowMs,
      );
      return { status: 200, body: { data: batch.map(commandView) } };
    },
  };
  return { routes, asyncRoutes };
}
