import { createPatientClient, type Appointment, type Slot } from '@careloop/patient';

export interface BookingOptions {
  /** The platform: the local mock platform by default. */
  baseUrl: string;
  /** Inject a fetch (tests pass the in-process mock platform's). */
  fetch?: typeof fetch;
  /** The patient's mobile number; the sandbox accepts the one-time code 123456. */
  mobile: string;
  /** Report each step. */
  log?: (line: string) => void;
}

export interface BookingResult {
  slot: Slot;
  held: Appointment;
  booked: Appointment;
  cancelled: Appointment;
}

/** Logs a patient in, finds an endocrinology slot, holds a number, books it and cancels it. */
export async function findHoldBookCancel({ baseUrl, fetch, mobile, log = () => {} }: BookingOptions): Promise<BookingResult> {
  const transport = fetch ? { fetch } : {};
  const login = await createPatientClient({ baseUrl, ...transport }).auth
    .createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile, otp: '123456' })
    .unwrap();
  const careloop = createPatientClient({ baseUrl, ...transport, auth: { accessToken: login.access_token } });
  log(`Logged in as ${login.patient_id ?? 'a patient'}`);

  let slot: Slot | undefined;
  for await (const candidate of careloop.slots.list({ departmentId: 'dep_qtph_endo', dateFrom: '2026-06-02', available: true })) {
    slot = candidate;
    break;
  }
  if (!slot) throw new Error('No endocrinology slot with numbers left');
  log(`Found ${slot.id}: ${slot.startTime}, ${slot.remaining} numbers left`);

  const held = await careloop.slots.hold(slot.id).unwrap();
  log(`Held ${held.id} until ${held.holdExpiresAt}`);

  const booked = await careloop.appointments.book(held.id).unwrap();
  log(`Booked ${booked.id}: queue number ${booked.queueNumber}`);

  const cancelled = await careloop.appointments.cancel(booked.id, { note: 'Plans changed' }).unwrap();
  log(`Cancelled ${cancelled.id}: refund ${cancelled.cancellation?.refundAmount.amountFen ?? 0} fen`);

  return { slot, held, booked, cancelled };
}
