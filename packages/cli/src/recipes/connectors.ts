/**
 * Connector recipes: Gongshu community health centre's connector (前置机), registered fresh for
 * record imports only (so no scheduling is relayed through it), with the agent's side played
 * here: heartbeat, long poll, acknowledgement.
 */
import type { RecipeContext } from './context.js';

const HOSPITAL = 'gongshu';
const ORGANIZATION = 'org_gongshu';
const SESSION = 'ses_careloop_cli';

/** connector.registered: one connector per hospital, so a connector of an earlier run is revoked first. */
async function registerConnector(ctx: RecipeContext): Promise<string> {
  const hospital = ctx.hospital(HOSPITAL);
  for (const connector of (await hospital.connectors.list().unwrap()).data) {
    if (connector.status !== 'revoked') await hospital.connectors.revoke(connector.id).unwrap();
  }
  const connector = await hospital.connectors.register({ name: `careloop trigger ${ctx.unique()}`, allowedOperations: ['record.fetch'] }).unwrap();
  return connector.id;
}

/** connector.status_changed: the agent's first heartbeat brings the connector online. */
async function bringOnline(ctx: RecipeContext): Promise<string> {
  const id = await registerConnector(ctx);
  await ctx.hospital(HOSPITAL).connectors.heartbeat(id, { version: '1.0.0', hisReachable: true, roundTripP50Ms: 12, roundTripP95Ms: 40, inFlight: 0 }).unwrap();
  return id;
}

/** A new patient asks to import their records from Gongshu's HIS; the agent picks up the `record.fetch` and answers it. */
async function importRecords(ctx: RecipeContext, succeed: boolean): Promise<void> {
  const connectorId = await bringOnline(ctx);
  const patient = await ctx.newPatient();
  await patient.client.recordImports.create({ organizationId: ORGANIZATION }).unwrap();
  const hospital = ctx.hospital(HOSPITAL);
  const commands = (await hospital.connectors.pollCommands(connectorId, { wait: 0, session: SESSION }).unwrap()).data;
  const command = commands.find((candidate) => candidate.type === 'record.fetch');
  if (!command) throw new Error(`Connector ${connectorId} received no record.fetch`);
  await hospital.connectors
    .acknowledgeCommand(
      connectorId,
      command.id,
      succeed
        ? {
            outcome: 'succeeded',
            result: {
              documents: [{ hisDocumentId: `HIS-${ctx.unique()}`, type: 'outpatient-record', title: 'Outpatient record', effectiveDate: (await ctx.now()).toISOString().slice(0, 10) }],
            },
          }
        : { outcome: 'failed', error: { code: 'PATIENT_NOT_FOUND', message: 'No patient with this identity in the HIS' } },
    )
    .unwrap();
}

export const connectorRecipes = {
  'connector.registered': registerConnector,
  'connector.status_changed': bringOnline,
  'connector.revoked': async (ctx: RecipeContext) => {
    const id = await registerConnector(ctx);
    await ctx.hospital(HOSPITAL).connectors.revoke(id).unwrap();
  },
  'record_import.completed': (ctx: RecipeContext) => importRecords(ctx, true),
  'record_import.failed': (ctx: RecipeContext) => importRecords(ctx, false),
};
