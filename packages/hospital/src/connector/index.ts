/**
 * The hospital connector agent (前置机): `@careloop/hospital/connector`. It runs in the hospital's
 * DMZ, only dials out, relays the platform's commands to the HIS through a {@link HisAdapter} and
 * pushes HIS changes up. A subpath of its own, so apps that only call the API never bundle it.
 *
 * @packageDocumentation
 */
export {
  createConnector,
  type Connector,
  type ConnectorErrorRecord,
  type ConnectorOptions,
  type ConnectorPush,
  type ConnectorState,
  type ConnectorStats,
} from './connector.js';
export {
  HisError,
  type CancelRegistrationRequest,
  type ConfirmRegistrationRequest,
  type HisAdapter,
  type HisCallContext,
  type HisChange,
  type HisRegistration,
  type LockNumberRequest,
  type PushReportRequest,
} from './his-adapter.js';
export { createMemoryJournal, type CommandJournal, type MemoryJournalOptions } from './journal.js';
export type {
  AcknowledgeCommandRequest,
  CommandError,
  CommandPatient,
  CommandResult,
  ConnectorCommand,
  CreateDocumentRequest,
  CreateScheduleRequest,
  HisDocument,
} from '../generated/models.js';
