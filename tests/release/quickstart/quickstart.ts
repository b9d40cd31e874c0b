// Type-checked (not run) in the temporary project with moduleResolution NodeNext: the published
// .d.ts files must give a user outside the monorepo the same types as inside it.
import { createHospitalClient, type Appointment as HospitalAppointment } from '@careloop/hospital';
import { startMockServer, type RunningMockServer } from '@careloop/mocks/server';
import { createPatientClient, type Appointment, type Slot } from '@careloop/patient';

const server: RunningMockServer = await startMockServer({ port: 0 });
const baseUrl = server.url;
const login = await createPatientClient({ baseUrl }).auth
  .createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: '13800000002', otp: '123456' })
  .unwrap();
const patient = createPatientClient({ baseUrl, auth: { accessToken: login.access_token } });

const slots = await patient.slots.list({ departmentId: 'dep_qtph_endo', dateFrom: '2026-06-02', available: true }).unwrap();
const slot: Slot | undefined = slots.data[0];
if (slot) {
  const held: Appointment = await patient.slots.hold(slot.id).unwrap();
  const booked: Appointment = await patient.appointments.book(held.id).unwrap();
  const queueNumber: number | null = booked.queueNumber;
  console.log(booked.status, queueNumber);
}

const hospital = createHospitalClient({ baseUrl, auth: { clientId: 'cli_qtph', clientSecret: 'sk_sandbox_qtph' } });
for await (const appointment of hospital.appointments.list()) {
  const typed: HospitalAppointment = appointment;
  console.log(typed.id);
}
await server.close();
