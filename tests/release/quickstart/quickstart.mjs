// The README quickstart as a user runs it after `npm install @careloop/patient @careloop/hospital
// @careloop/mocks`: plain node, ESM imports, nothing from the Careloop repo.
import { fileURLToPath } from 'node:url';
import { createHospitalClient } from '@careloop/hospital';
import { startMockServer } from '@careloop/mocks/server';
import { createPatientClient } from '@careloop/patient';

const server = await startMockServer({ port: 0 });
try {
  const baseUrl = server.url;
  const login = await createPatientClient({ baseUrl }).auth
    .createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: '13800000002', otp: '123456' })
    .unwrap();
  const patient = createPatientClient({ baseUrl, auth: { accessToken: login.access_token } });

  const slots = await patient.slots.list({ departmentId: 'dep_qtph_endo', dateFrom: '2026-06-02', available: true }).unwrap();
  const [slot] = slots.data;
  if (!slot) throw new Error('No slot with numbers left');
  const held = await patient.slots.hold(slot.id).unwrap();
  const booked = await patient.appointments.book(held.id).unwrap();

  // The hospital (client credentials) sees the booking in its own appointment list.
  const hospital = createHospitalClient({ baseUrl, auth: { clientId: 'cli_qtph', clientSecret: 'sk_sandbox_qtph' } });
  let seenByHospital;
  for await (const appointment of hospital.appointments.list()) {
    if (appointment.id === booked.id) seenByHospital = appointment.status;
  }

  const resolved = Object.fromEntries(
    ['@careloop/core', '@careloop/patient', '@careloop/hospital', '@careloop/mocks/server'].map((name) => [name, fileURLToPath(import.meta.resolve(name))]),
  );
  console.log(
    JSON.stringify({
      module: 'esm',
      slotsListed: slots.data.length,
      appointment: { id: booked.id, status: booked.status, queueNumber: booked.queueNumber },
      seenByHospital,
      resolved,
    }),
  );
} finally {
  await server.close();
}
