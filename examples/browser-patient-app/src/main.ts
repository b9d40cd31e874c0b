/**
 * The page: starts the mock platform in an MSW service worker, then walks the patient through
 * log in → find → hold → book. Every call goes through `@careloop/patient` (see `booking.ts`).
 */
import { setupMockWorker } from '@careloop/mocks/browser';
import type { Appointment } from '@careloop/patient';
import { describeError, hospitalDateTime, localDateTime, logIn, type PatientSession, type SlotView } from './booking.js';

/**
 * The SDK talks to `<this page's origin>/api`. The worker answers everything under it; a request
 * that escaped the worker would reach the dev server and show up there as a 404, never as data.
 */
const API_BASE_URL = new URL('/api', location.origin).href;
/** The sandbox patient's usual clinic, preselected; any hospital and department works. */
const PREFERRED = { hospital: 'org_qtph', department: 'dep_qtph_endo' };
const ADVANCE_MS = 15 * 60_000;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html has no #${id}`);
  return found as T;
}

const status = element<HTMLParagraphElement>('status');
const errorBox = element<HTMLParagraphElement>('error');
const loginForm = element<HTMLFormElement>('login-form');
const findSection = element<HTMLElement>('find');
const findForm = element<HTMLFormElement>('find-form');
const hospitalSelect = element<HTMLSelectElement>('hospital');
const departmentSelect = element<HTMLSelectElement>('department');
const dateInput = element<HTMLInputElement>('date');
const slotRows = element<HTMLTableSectionElement>('slots');
const appointmentSection = element<HTMLElement>('appointment');
const bookButton = element<HTMLButtonElement>('book');
const clockTime = element<HTMLTimeElement>('clock');
const advanceButton = element<HTMLButtonElement>('advance');

const worker = setupMockWorker({ baseUrl: API_BASE_URL });
const clock = worker.platform.clock;
let session: PatientSession | undefined;
let appointment: Appointment | undefined;
/** The last search, re-run after a hold or a booking so that "Numbers left" stays true. */
let search: { departmentId: string; date: string } | undefined;

function say(message: string): void {
  errorBox.hidden = true;
  errorBox.textContent = '';
  status.textContent = message;
}

function fail(error: unknown): void {
  const { code, message } = describeError(error);
  errorBox.textContent = `${code}: ${message}`;
  errorBox.hidden = false;
  status.textContent = 'The last action failed.';
}

/** Runs a step with the form's buttons disabled, reporting any SDK error instead of throwing. */
async function step(button: HTMLButtonElement, action: () => Promise<void>): Promise<void> {
  button.disabled = true;
  try {
    await action();
  } catch (error) {
    fail(error);
  } finally {
    button.disabled = false;
  }
}

function fillOptions(select: HTMLSelectElement, items: readonly { id: string; name: string }[], preferred: string): void {
  select.replaceChildren(...items.map((item) => new Option(item.name, item.id, false, item.id === preferred)));
}

function showClock(): void {
  clockTime.textContent = hospitalDateTime(clock.now());
  clockTime.dateTime = clock.now().toISOString();
}

async function loadDepartments(): Promise<void> {
  if (!session) return;
  fillOptions(departmentSelect, await session.departments(hospitalSelect.value), PREFERRED.department);
}

function renderSlots(slots: readonly SlotView[]): void {
  slotRows.replaceChildren(
    ...slots.map((slot) => {
      const row = document.createElement('tr');
      for (const text of [slot.date, slot.time, slot.doctor, slot.fee, String(slot.remaining)]) {
        row.append(Object.assign(document.createElement('td'), { textContent: text }));
      }
      const hold = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Hold' });
      hold.setAttribute('aria-label', `Hold ${slot.date} ${slot.time} with ${slot.doctor}`);
      hold.addEventListener('click', () => void step(hold, () => holdSlot(slot)));
      const cell = document.createElement('td');
      cell.append(hold);
      row.append(cell);
      return row;
    }),
  );
}

function renderAppointment(shown: Appointment): void {
  appointment = shown;
  appointmentSection.hidden = false;
  element('appointment-id').textContent = shown.id;
  element('appointment-status').textContent = shown.cancellation ? `${shown.status} (${shown.cancellation.reason})` : shown.status;
  element('appointment-expiry').textContent = shown.holdExpiresAt === null ? '—' : localDateTime(shown.holdExpiresAt);
  element('appointment-queue').textContent = shown.queueNumber === null ? '—' : String(shown.queueNumber);
  bookButton.hidden = shown.status !== 'pending';
}

async function refreshSlots(): Promise<number> {
  if (!session || !search) return 0;
  const slots = await session.findSlots(search.departmentId, search.date);
  renderSlots(slots);
  return slots.length;
}

async function holdSlot(slot: SlotView): Promise<void> {
  if (!session) return;
  const held = await session.hold(slot.id);
  renderAppointment(held);
  await refreshSlots();
  say(`Held a number with ${slot.doctor} at ${slot.time}. Book it before ${localDateTime(held.holdExpiresAt ?? '')}.`);
}

async function bookHeld(held: Appointment): Promise<void> {
  if (!session) return;
  const current = session;
  const booked = await current.book(held.id).catch(async (error: unknown) => {
    // Show what the platform now has (a lapsed hold is `expired`) beside the error.
    renderAppointment(await current.appointment(held.id));
    await refreshSlots();
    throw error;
  });
  renderAppointment(booked);
  await refreshSlots();
  say(`Booked ${booked.id}: queue number ${booked.queueNumber ?? '—'}.`);
}

loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const submit = loginForm.querySelector('button') as HTMLButtonElement;
  void step(submit, async () => {
    const form = new FormData(loginForm);
    session = await logIn({ baseUrl: API_BASE_URL }, String(form.get('mobile')), String(form.get('otp')));
    fillOptions(hospitalSelect, await session.hospitals(), PREFERRED.hospital);
    await loadDepartments();
    dateInput.value = hospitalDateTime(clock.now()).slice(0, 10);
    findSection.hidden = false;
    say(`Logged in as ${session.patientId}. Pick a hospital, a department and a date.`);
  });
});

hospitalSelect.addEventListener('change', () => {
  loadDepartments().catch(fail);
});

findForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const submit = findForm.querySelector('button') as HTMLButtonElement;
  void step(submit, async () => {
    search = { departmentId: departmentSelect.value, date: dateInput.value };
    const found = await refreshSlots();
    say(found === 0 ? 'No slot with numbers left on that day.' : `${found} slots with numbers left.`);
  });
});

bookButton.addEventListener('click', () => {
  if (appointment) {
    const held = appointment;
    void step(bookButton, () => bookHeld(held));
  }
});

advanceButton.addEventListener('click', () => {
  clock.advance(ADVANCE_MS);
  showClock();
  say(`The mock clock moved 15 minutes to ${hospitalDateTime(clock.now())}.`);
});

async function start(): Promise<void> {
  // `bypass`: the page's own assets are not the platform's business; only /api requests are mocked.
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true });
  showClock();
  (loginForm.querySelector('button') as HTMLButtonElement).disabled = false;
  advanceButton.disabled = false;
  say('Mock platform ready. Log in with the sandbox patient (prefilled).');
}

start().catch(fail);
