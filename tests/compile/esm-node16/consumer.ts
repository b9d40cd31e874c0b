// A Node ES module using every public package through its built ESM types (dist/*.d.ts).
import {
  ApiError,
  CareloopError,
  ConflictError,
  allocateFen,
  fenToYuan,
  percentOfFen,
  yuanToFen,
  type ApiResult,
  type Middleware,
} from '@careloop/core';
import { createHospitalClient, type Schedule } from '@careloop/hospital';
import { createConnector, HisError, type ConnectorStats, type HisAdapter } from '@careloop/hospital/connector';
import { createInsurerClient, type EligibilityCheck } from '@careloop/insurer';
import { createMockPlatform, type MockPlatform } from '@careloop/mocks';
import { setupMockServer } from '@careloop/mocks/msw';
import { startMockServer } from '@careloop/mocks/server';
import { createPatientClient, NotFoundError, type Appointment, type Slot } from '@careloop/patient';
import { createPharmacyClient, type Prescription } from '@careloop/pharmacy';

const platform: MockPlatform = createMockPlatform({ seed: 'compile-test', validateResponses: true });
const [hospitalCredentials] = platform.sandbox.clients.filter((client) => client.audience === 'hospital');
if (!hospitalCredentials) throw new Error('no sandbox hospital');
const { clientId, clientSecret } = hospitalCredentials;

const requestIds: Middleware = async (request, next, context) => {
  const response = await next(request);
  if (context.attempt === 0) console.log(context.operationId ?? 'raw', response.headers.get('x-request-id'));
  return response;
};

// Patient: a typed method, its result narrowed on `error`.
const patient = createPatientClient({ baseUrl: platform.sandbox.baseUrl, fetch: platform.fetch, auth: { accessToken: 'token' }, middleware: [requestIds] });
const held: ApiResult<Appointment> = await patient.slots.hold('slot_1', { idempotencyKey: 'hold-1' });
if (held.error) {
  if (held.error instanceof ConflictError) console.log(held.error.code, held.error.problem.title, held.error.requestId);
  // @ts-expect-error `data` is undefined on a failure
  console.log(held.data.id);
} else {
  const appointment: Appointment = held.data;
  console.log(appointment.id, held.response.status);
}

// A list walked item by item with `for await`; the items are typed.
for await (const slot of patient.slots.list({ departmentId: 'dep_qtph_endo', available: true })) {
  const typed: Slot = slot;
  console.log(typed.id, typed.remaining, fenToYuan(typed.fee.amountFen));
}
// @ts-expect-error `available` is a boolean
patient.slots.list({ available: 'yes' });
// @ts-expect-error an appointment id is required
patient.appointments.book();

// Hospital: the throwing style, and an error class hierarchy usable with instanceof.
const hospital = createHospitalClient({ baseUrl: platform.sandbox.baseUrl, fetch: platform.fetch, auth: { clientId, clientSecret } });
try {
  const schedule: Schedule = await hospital.schedules.suspend('sch_1', { reason: 'Doctor called to surgery' }).unwrap();
  console.log(schedule.id);
} catch (error) {
  if (error instanceof NotFoundError) console.log(error.status satisfies number);
  else if (error instanceof ApiError) console.log(error.code, error.retryable);
  else if (error instanceof CareloopError) console.log(error.requestId);
}
// @ts-expect-error suspending needs a reason
hospital.schedules.suspend('sch_1', {});

// Pharmacy.
const pharmacy = createPharmacyClient({ fetch: platform.fetch, auth: { clientId, clientSecret } });
const dispensed = await pharmacy.prescriptions.dispense('rx_1', { pharmacistId: 'prc_jiangtao', lines: [{ drugId: 'drg_1', quantity: 2 }] });
const prescription: Prescription | undefined = dispensed.data;
console.log(prescription?.status);
// @ts-expect-error the dispensing pharmacist is required
pharmacy.prescriptions.dispense('rx_1', { lines: [] });

// Insurer.
const insurer = createInsurerClient({ fetch: platform.fetch, auth: { getToken: async () => 'token' } });
const eligibility: EligibilityCheck = await insurer.eligibility
  .check({ patientId: 'pat_zhaolei', insurerId: 'org_anxin', category: 'drug', serviceDate: '2026-06-01' })
  .unwrap();
console.log(eligibility.eligible);
// @ts-expect-error a claim id is a string
insurer.claims.pay(42);

// Money helpers.
const fen: number = yuanToFen('12.50', { rounding: 'half-up' });
const shares: number[] = allocateFen(fen, [1, 2]);
console.log(shares, percentOfFen(fen, 30));
// @ts-expect-error yuan are text, never a floating-point number
yuanToFen(12.5);

// @ts-expect-error client credentials need their secret
createPatientClient({ auth: { clientId: 'id' } });

// The mock platform's adapters.
const mswServer = setupMockServer({ platform });
mswServer.listen({ onUnhandledRequest: 'error' });
mswServer.close();
const server = await startMockServer({ port: 0, platform });
console.log(server.url);
await server.close();
// @ts-expect-error the port is a number
await startMockServer({ port: '4010' });

// The connector agent, from its own subpath: a vendor's HIS adapter and the running agent.
const his: HisAdapter = {
  lockNumber: async (request) => ({ appointmentId: request.appointmentId, hisRegistrationNumber: 'GH20260603-0001', status: 'locked' }),
  findRegistration: async () => null,
  confirmRegistration: async (request) => ({ appointmentId: request.appointmentId, hisRegistrationNumber: request.hisRegistrationNumber, status: 'confirmed' }),
  cancelRegistration: async () => {},
  fetchRecords: async () => [],
  pushReport: async (report) => ({ hisReportId: `RPT-${report.documentId}` }),
  ping: async () => true,
};
const agent = createConnector({ platform: { baseUrl: 'http://localhost:4010' }, credentials: { clientId: 'cli_qtph', clientSecret: 'sk_sandbox_qtph' }, connectorId: 'con_qtph_dmz', his });
const agentStats: ConnectorStats = agent.stats();
console.log(agentStats.roundTripP95Ms, new HisError('SLOT_UNAVAILABLE', 'full').code);
// @ts-expect-error the HIS adapter is required
createConnector({ platform: { baseUrl: 'http://localhost:4010' }, credentials: { clientId: 'c', clientSecret: 's' }, connectorId: 'con_1' });
