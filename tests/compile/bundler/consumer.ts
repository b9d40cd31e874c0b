// A browser app (bundled) using every public package through its built ESM types (dist/*.d.ts),
// with the mock platform running in the page behind MSW's service worker.
import { ConnectionError, PermissionDeniedError, allocateFen, percentOfFen, type RequestOptions } from '@careloop/core';
import { createHospitalClient, type Event } from '@careloop/hospital';
import { createConnector, HisError, type ConnectorStats, type HisAdapter } from '@careloop/hospital/connector';
import { createInsurerClient, type Coverage } from '@careloop/insurer';
import { EVENT_TYPES, createMockPlatform, type EventType } from '@careloop/mocks';
import { setupMockWorker } from '@careloop/mocks/browser';
import type { StartMockServerOptions } from '@careloop/mocks/server';
import { createPatientClient, type PatientClient, type Slot } from '@careloop/patient';
import { createPharmacyClient, type InventoryItem } from '@careloop/pharmacy';

const worker = setupMockWorker({ platform: createMockPlatform({ now: '2026-06-01T08:00:00+08:00' }) });
await worker.start({ onUnhandledRequest: 'bypass' });

const controller = new AbortController();
const options: RequestOptions = { signal: controller.signal, headers: { 'Accept-Language': 'zh-CN' } };

// Patient, with a token the app keeps.
const patient: PatientClient = createPatientClient({ auth: { getToken: () => sessionStorage.getItem('token') ?? '' } });
const slot = await patient.slots.get('slot_1', options);
if (slot.error instanceof ConnectionError) console.log('offline', slot.error.cause);
else if (slot.error) console.log(slot.error.message);
else {
  const typed: Slot = slot.data;
  document.title = `${typed.startTime}: ${typed.remaining} left`;
}
// @ts-expect-error a slot id is a string
patient.slots.get(1);

// Hospital: its event feed, walked with `for await`.
const hospital = createHospitalClient({ auth: { clientId: 'hos_client', clientSecret: 'secret' } });
const seen: EventType[] = [...EVENT_TYPES];
for await (const event of hospital.events.list({ after: 'evt_1' })) {
  const typed: Event = event;
  console.log(typed.type, typed.data.object, seen.length);
}

// Pharmacy.
const pharmacy = createPharmacyClient({ auth: { clientId: 'pha_client', clientSecret: 'secret' } });
for await (const item of pharmacy.inventory.list()) {
  const typed: InventoryItem = item;
  console.log(typed.drugId, typed.reserved);
}

// Insurer.
const insurer = createInsurerClient({ auth: { clientId: 'ins_client', clientSecret: 'secret' } });
const coverage = await insurer.coverages.get('cov_1');
if (coverage.error instanceof PermissionDeniedError) console.log(coverage.error.code);
const typedCoverage: Coverage | undefined = coverage.data;
console.log(typedCoverage?.status, allocateFen(10_000, [3, 7]), percentOfFen(10_000, 15));
// @ts-expect-error percentages are numbers
percentOfFen(10_000, '15%');

const serverOptions: StartMockServerOptions = { port: 0 };
// @ts-expect-error the host is text
const badServerOptions: StartMockServerOptions = { host: 127 };
console.log(serverOptions, badServerOptions);
worker.stop();

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
