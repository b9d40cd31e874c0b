import { createHospitalClient, type Event, type Schedule } from '@careloop/hospital';
import { createPatientClient } from '@careloop/patient';

export interface ScheduleOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** The hospital's sandbox client credentials (printed by `npm start`). */
  clientId: string;
  clientSecret: string;
  log?: (line: string) => void;
}

export interface ScheduleResult {
  published: Schedule;
  suspended: Schedule;
  /** Events the hospital read from its feed, in order. */
  events: Event[];
}

/**
 * A hospital publishes a session for Dr Zhang Wei, releases more numbers, watches a patient's
 * booking arrive in its event feed, then suspends the session (停诊), which cancels the booking.
 */
export async function publishWatchSuspend({ baseUrl, fetch, clientId, clientSecret, log = () => {} }: ScheduleOptions): Promise<ScheduleResult> {
  const transport = fetch ? { fetch } : {};
  const hospital = createHospitalClient({ baseUrl, ...transport, auth: { clientId, clientSecret } });

  const published = await hospital.schedules
    .create({
      departmentId: 'dep_qtph_endo',
      practitionerId: 'prc_zhangwei',
      date: '2026-06-15',
      period: 'pm',
      registrationLevel: 'expert',
      fee: { amountFen: 5000, currency: 'CNY' },
      slots: [
        { startTime: '2026-06-15T14:00:00+08:00', endTime: '2026-06-15T15:00:00+08:00', capacity: 10, releasedCount: 2 },
        { startTime: '2026-06-15T15:00:00+08:00', endTime: '2026-06-15T16:00:00+08:00', capacity: 10, releasedCount: 2 },
      ],
    })
    .unwrap();
  log(`Published ${published.id}: ${published.releasedCount} of ${published.capacity} numbers released`);

  const [firstSlot] = (await hospital.slots.list({ scheduleId: published.id }).unwrap()).data;
  if (!firstSlot) throw new Error(`Schedule ${published.id} has no slots`);
  const released = await hospital.slots.release(firstSlot.id, { releasedCount: 5 }).unwrap();
  log(`Released ${released.releasedCount} numbers of ${released.id}`);

  // Where the hospital's feed stands now: everything after this is new.
  let after: string | undefined;
  for await (const event of hospital.events.list()) after = event.id;

  // A patient books a number (in production this happens in the patient's app).
  const login = await createPatientClient({ baseUrl, ...transport }).auth
    .createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: '13800000001', otp: '123456' })
    .unwrap();
  const patient = createPatientClient({ baseUrl, ...transport, auth: { accessToken: login.access_token } });
  const held = await patient.slots.hold(firstSlot.id).unwrap();
  await patient.appointments.book(held.id).unwrap();

  const suspended = await hospital.schedules.suspend(published.id, { reason: 'Doctor called to emergency surgery' }).unwrap();
  log(`Suspended ${suspended.id}`);

  const events: Event[] = [];
  for await (const event of hospital.events.list(after ? { after } : {})) {
    events.push(event);
    log(`Event ${event.type}: ${event.data.object} ${event.data.id} → ${event.data.status ?? ''}${event.data.reason ? ` (${event.data.reason})` : ''}`);
  }
  return { published, suspended, events };
}
