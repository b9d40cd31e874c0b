// The same quickstart for CommonJS projects: require() resolves the packages' CJS builds.
const { startMockServer } = require('@careloop/mocks/server');
const { createPatientClient } = require('@careloop/patient');

async function main() {
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

    const resolved = Object.fromEntries(['@careloop/core', '@careloop/patient', '@careloop/mocks/server'].map((name) => [name, require.resolve(name)]));
    console.log(
      JSON.stringify({
        module: 'cjs',
        slotsListed: slots.data.length,
        appointment: { id: booked.id, status: booked.status, queueNumber: booked.queueNumber },
        resolved,
      }),
    );
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
