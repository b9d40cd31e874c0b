// A Node CommonJS module using every public package through its built CJS types (dist/*.d.cts).
import { ApiError, AuthenticationError, PagePromise, RateLimitError, fenToYuan, yuanToFen, type CursorPage } from '@careloop/core';
import { createHospitalClient, type HospitalClient, type Slot as HospitalSlot } from '@careloop/hospital';
import { createConnector, HisError, type ConnectorStats, type HisAdapter } from '@careloop/hospital/connector';
import { createInsurerClient, type Claim } from '@careloop/insurer';
import { createMockFetch, type MockFetch } from '@careloop/mocks';
import { startMockServer, type RunningMockServer } from '@careloop/mocks/server';
import { createPatientClient, type Appointment, type TokenResponse } from '@careloop/patient';
import { createPharmacyClient, type Prescription } from '@careloop/pharmacy';

async function main(): Promise<void> {
  const fetch: MockFetch = createMockFetch({ seed: 'compile-test' });
  const [patientLogin] = fetch.platform.sandbox.patients;
  if (!patientLogin) throw new Error('no sandbox patient');

  // Patient: a form-encoded token request, then a typed JSON body.
  const login: TokenResponse = await createPatientClient({ fetch }).auth
    .createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: patientLogin.mobile, otp: patientLogin.otp })
    .unwrap();
  const patient = createPatientClient({ fetch, auth: { accessToken: login.access_token } });
  const cancelled = await patient.appointments.cancel('apt_1', { note: 'Plans changed' });
  if (cancelled.error === undefined) {
    const appointment: Appointment = cancelled.data;
    console.log(appointment.status, fenToYuan(appointment.cancellation?.refundAmount.amountFen ?? 0));
  } else if (cancelled.error instanceof AuthenticationError) {
    console.log('log in again', cancelled.error.problem.detail);
  } else if (cancelled.error instanceof RateLimitError) {
    const wait: number | undefined = cancelled.error.retryAfterSeconds;
    console.log(wait);
  }
  // @ts-expect-error a cancellation note is text
  patient.appointments.cancel('apt_1', { note: 1 });

  // Hospital: a list awaited for its first page, then walked page by page.
  const hospital: HospitalClient = createHospitalClient({ fetch, auth: { clientId: 'hos_client', clientSecret: 'secret' } });
  const slots: PagePromise<HospitalSlot> = hospital.slots.list({ scheduleId: 'sch_1' });
  const first = await slots;
  if (first.data) {
    const page: CursorPage<HospitalSlot> = first.data;
    console.log(page.nextCursor, page.data[0]?.id);
  }
  for await (const page of slots.pages()) console.log(page.data.length);
  // @ts-expect-error a schedule needs its department, practitioner, date, period, level, fee and slots
  hospital.schedules.create({ departmentId: 'dep_qtph_endo' });

  // Pharmacy: every item of every page.
  const pharmacy = createPharmacyClient({ fetch, auth: { clientId: 'pha_client', clientSecret: 'secret' } });
  for await (const prescription of pharmacy.prescriptions.list({ routingStatus: 'requested' })) {
    const typed: Prescription = prescription;
    console.log(typed.id, typed.items.length);
  }
  // @ts-expect-error not a routing status
  pharmacy.prescriptions.list({ routingStatus: 'lost' });

  // Insurer: the throwing style.
  const insurer = createInsurerClient({ fetch, auth: { clientId: 'ins_client', clientSecret: 'secret' } });
  try {
    const claim: Claim = await insurer.claims.get('clm_1').unwrap();
    console.log(claim.status);
  } catch (error) {
    if (error instanceof ApiError) console.log(error.status, error.code, error.problem.requestId);
  }
  // @ts-expect-error yuan are text
  yuanToFen(12.5);

  const server: RunningMockServer = await startMockServer({ port: 0, platform: fetch.platform });
  await server.close();
}

void main();

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
