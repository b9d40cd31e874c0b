/**
 * The app's logic, free of the DOM: a patient session over `@careloop/patient` that logs in, finds
 * slots, holds one and books it. `main.ts` renders it; the Node test drives it against the mock platform.
 */
import {
  CareloopError,
  createPatientClient,
  formatFen,
  type Appointment,
  type Department,
  type Organization,
  type PatientClient,
  type Practitioner,
  type Slot,
} from '@careloop/patient';

export interface SessionOptions {
  /** Where the SDK sends requests; the app uses `<page origin>/api`, which the MSW worker answers. */
  baseUrl: string;
  /** Inject a fetch (the Node test passes the in-process mock platform's). */
  fetch?: typeof fetch;
}

/** A slot as the app lists it: times, doctor and fee ready to show. */
export interface SlotView {
  id: string;
  scheduleId: string;
  date: string;
  /** `08:00–09:00`, hospital-local. */
  time: string;
  /** `Zhang Wei, chief physician`. */
  doctor: string;
  /** `¥50.00`, formatted by `@careloop/core`'s `formatFen`. */
  fee: string;
  remaining: number;
}

/** The patient's view of the platform once logged in. */
export interface PatientSession {
  patientId: string;
  hospitals(): Promise<Organization[]>;
  departments(organizationId: string): Promise<Department[]>;
  /** Slots of a department on a date with numbers left, in start-time order. */
  findSlots(departmentId: string, date: string): Promise<SlotView[]>;
  /** Holds a number in the slot: a `pending` appointment that lapses at `holdExpiresAt`. */
  hold(slotId: string): Promise<Appointment>;
  /** Books a held number: the appointment becomes `booked` with its queue number. */
  book(appointmentId: string): Promise<Appointment>;
  /** The appointment as the platform has it now (a hold may have lapsed to `expired`). */
  appointment(appointmentId: string): Promise<Appointment>;
}

/** Logs a patient in with the mobile one-time-code grant; SDK errors are thrown as `CareloopError`s. */
export async function logIn(options: SessionOptions, mobile: string, otp: string): Promise<PatientSession> {
  const transport = options.fetch ? { fetch: options.fetch } : {};
  const token = await createPatientClient({ baseUrl: options.baseUrl, ...transport })
    .auth.createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile, otp })
    .unwrap();
  const careloop = createPatientClient({ baseUrl: options.baseUrl, ...transport, auth: { accessToken: token.access_token } });
  return {
    patientId: token.patient_id ?? mobile,
    hospitals: () => all(careloop.organizations.list({ type: 'hospital' })),
    departments: (organizationId) => all(careloop.departments.list({ organizationId })),
    findSlots: (departmentId, date) => findSlots(careloop, departmentId, date),
    hold: (slotId) => careloop.slots.hold(slotId).unwrap(),
    book: (appointmentId) => careloop.appointments.book(appointmentId).unwrap(),
    appointment: (appointmentId) => careloop.appointments.get(appointmentId).unwrap(),
  };
}

async function findSlots(careloop: PatientClient, departmentId: string, date: string): Promise<SlotView[]> {
  const [slots, practitioners] = await Promise.all([
    all(careloop.slots.list({ departmentId, dateFrom: date, dateTo: date, available: true })),
    all(careloop.practitioners.list({ departmentId })),
  ]);
  const doctors = new Map(practitioners.map((p) => [p.id, p]));
  return slots
    .toSorted((a, b) => a.startTime.localeCompare(b.startTime))
    .map((slot) => toSlotView(slot, doctors.get(slot.practitionerId)));
}

function toSlotView(slot: Slot, doctor: Practitioner | undefined): SlotView {
  return {
    id: slot.id,
    scheduleId: slot.scheduleId,
    date: slot.date,
    time: `${clockTime(slot.startTime)}–${clockTime(slot.endTime)}`,
    doctor: doctor ? `${doctor.name}, ${doctor.title.replaceAll('-', ' ')}` : slot.practitionerId,
    fee: formatFen(slot.fee.amountFen),
    remaining: slot.remaining,
  };
}

/**
 * `2026-06-02T08:10:00+08:00` → `2026-06-02 08:10`. The platform sends hospital-local times with their
 * offset, so the wall-clock part is what the patient needs, whatever the browser's own time zone.
 */
export function localDateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${clockTime(iso)}`;
}

function clockTime(iso: string): string {
  return iso.slice(11, 16);
}

/** Hospitals keep China Standard Time (UTC+8, no daylight saving), like the timestamps the platform sends. */
const HOSPITAL_OFFSET_MS = 8 * 60 * 60_000;

/** An instant (e.g. the mock clock's `now()`) as hospital-local `2026-06-01 08:00`. */
export function hospitalDateTime(instant: Date): string {
  return localDateTime(new Date(instant.getTime() + HOSPITAL_OFFSET_MS).toISOString());
}

/** What the app shows for a failed call: the SDK error's stable code and its message. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof CareloopError) return { code: error.code, message: error.problem?.detail ?? error.message };
  return { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}

async function all<Item>(list: AsyncIterable<Item>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of list) items.push(item);
  return items;
}
