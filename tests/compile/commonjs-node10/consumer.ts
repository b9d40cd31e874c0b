// A classic CommonJS program using every public package through `main`/`types` (dist/*.d.cts).
import { CareloopError, UnprocessableEntityError, fenToYuan, yuanToFen } from '@careloop/core';
import { createHospitalClient } from '@careloop/hospital';
import { createConnector, HisError, type ConnectorStats, type HisAdapter } from '@careloop/hospital/connector';
import { createInsurerClient } from '@careloop/insurer';
import { createMockPlatform } from '@careloop/mocks';
import { startMockServer } from '@careloop/mocks/server';
import { createPatientClient, type Appointment } from '@careloop/patient';
import { createPharmacyClient } from '@careloop/pharmacy';

async function main(): Promise<void> {
  const platform = createMockPlatform();
  const { fetch } = platform;

  const patient = createPatientClient({ fetch, auth: { accessToken: 'token' } });
  const booked = await patient.appointments.book('apt_1', { idempotencyKey: 'book-apt_1' });
  if (booked.error) {
    if (booked.error instanceof UnprocessableEntityError) console.log(booked.error.code);
  } else {
    const appointment: Appointment = booked.data;
    console.log(appointment.queueNumber);
  }
  // @ts-expect-error per-request options are an object
  patient.appointments.book('apt_1', 'book-apt_1');

  const hospital = createHospitalClient({ fetch, auth: { clientId: 'hos_client', clientSecret: 'secret' } });
  for await (const slot of hospital.slots.list({ scheduleId: 'sch_1' })) console.log(slot.id, slot.releasedCount);

  const pharmacy = createPharmacyClient({ fetch, auth: { clientId: 'pha_client', clientSecret: 'secret' } });
  const accepted = await pharmacy.prescriptions.accept('rx_1', { pharmacistId: 'prc_jiangtao' });
  console.log(accepted.data?.status);

  const insurer = createInsurerClient({ fetch, auth: { clientId: 'ins_client', clientSecret: 'secret' } });
  try {
    await insurer.claims.pay('clm_1').unwrap();
  } catch (error) {
    if (error instanceof CareloopError) console.log(error.name, error.requestId);
  }
  // @ts-expect-error fen are numbers
  fenToYuan('1250');
  console.log(yuanToFen('0.10'));

  const server = await startMockServer({ port: 0, platform });
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
