/** Scheduling recipes: a fresh session of Dr Wang Gang (Lin'an county hospital), numbers held and booked by new patients. */
import type { Appointment, Schedule } from '@careloop/hospital';
import type { NewPatient, RecipeContext } from './context.js';

export const HOSPITAL = 'linan';
export const DOCTOR = 'prc_wanggang';
export const DEPARTMENT = 'dep_linan_im';
const HOURS = { am: ['08', '09', '10'], pm: ['14', '15', '16'], evening: ['18', '19', '20'] } as const;

export interface Session {
  schedule: Schedule;
  /** The first band releases 2 numbers (and keeps 2 for referrals), the second releases 1. */
  slotIds: [string, string];
}

/** schedule.published: a session on a day and period the doctor has free, 30 days to two years ahead. */
export async function publishSession(ctx: RecipeContext): Promise<Session> {
  const hospital = ctx.hospital(HOSPITAL);
  const nowMs = (await ctx.now()).getTime();
  for (let attempt = 0; attempt < 20; attempt++) {
    // A random session, so that runs against the same platform do not collide (a taken one answers 409).
    const days = 30 + Math.floor(Math.random() * 700);
    const date = new Date(nowMs + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const period = (['am', 'pm', 'evening'] as const)[Math.floor(Math.random() * 3)] ?? 'am';
    const [h0, h1, h2] = HOURS[period];
    const at = (hour: string) => `${date}T${hour}:00:00+08:00`;
    const created = await hospital.schedules.create({
      departmentId: DEPARTMENT,
      practitionerId: DOCTOR,
      date,
      period,
      registrationLevel: 'specialist',
      fee: { amountFen: 2000, currency: 'CNY' },
      slots: [
        { startTime: at(h0), endTime: at(h1), capacity: 6, releasedCount: 2, referralQuota: 2 },
        { startTime: at(h1), endTime: at(h2), capacity: 6, releasedCount: 1 },
      ],
    });
    if (created.error?.code === 'SCHEDULE_CONFLICT') continue;
    if (created.error) throw created.error;
    const schedule = created.data;
    const slots = (await hospital.slots.list({ scheduleId: schedule.id }).unwrap()).data.map((slot) => slot.id);
    const [first, second] = slots;
    if (first === undefined || second === undefined) throw new Error(`Schedule ${schedule.id} has no two slots`);
    return { schedule, slotIds: [first, second] };
  }
  throw new Error(`Dr ${DOCTOR} has no free session left to publish`);
}

export async function suspendSession(ctx: RecipeContext): Promise<Session> {
  const session = await publishSession(ctx);
  await ctx.hospital(HOSPITAL).schedules.suspend(session.schedule.id, { reason: 'Doctor called to emergency surgery' }).unwrap();
  return session;
}

export interface Held {
  session: Session;
  patient: NewPatient;
  appointment: Appointment;
}

/** appointment.held: a new patient holds a number of a fresh session's first slot. */
export async function holdNumber(ctx: RecipeContext): Promise<Held> {
  const session = await publishSession(ctx);
  const patient = await ctx.newPatient();
  const appointment = await patient.client.slots.hold(session.slotIds[0]).unwrap();
  return { session, patient, appointment };
}

export async function bookNumber(ctx: RecipeContext): Promise<Held> {
  const held = await holdNumber(ctx);
  const appointment = await held.patient.client.appointments.book(held.appointment.id).unwrap();
  return { ...held, appointment };
}

export async function checkIn(ctx: RecipeContext): Promise<Held> {
  const booked = await bookNumber(ctx);
  await ctx.hospital(HOSPITAL).appointments.checkIn(booked.appointment.id).unwrap();
  return booked;
}

export const schedulingRecipes = {
  'schedule.published': publishSession,
  'schedule.suspended': suspendSession,
  'schedule.resumed': async (ctx: RecipeContext) => {
    const session = await suspendSession(ctx);
    await ctx.hospital(HOSPITAL).schedules.resume(session.schedule.id).unwrap();
  },
  'slot.released': async (ctx: RecipeContext) => {
    const session = await publishSession(ctx);
    await ctx.hospital(HOSPITAL).slots.release(session.slotIds[1], { releasedCount: 3 }).unwrap();
  },
  'appointment.waitlisted': async (ctx: RecipeContext) => {
    const session = await publishSession(ctx);
    // The second band releases one number: the first patient takes it, the second waits for it.
    await (await ctx.newPatient()).client.slots.hold(session.slotIds[1]).unwrap();
    await (await ctx.newPatient()).client.slots.joinWaitlist(session.slotIds[1]).unwrap();
  },
  'appointment.held': holdNumber,
  'appointment.booked': bookNumber,
  'appointment.cancelled': async (ctx: RecipeContext) => {
    const booked = await bookNumber(ctx);
    await booked.patient.client.appointments.cancel(booked.appointment.id, { note: 'Plans changed' }).unwrap();
  },
  'appointment.checked_in': checkIn,
  'appointment.fulfilled': async (ctx: RecipeContext) => {
    const checkedIn = await checkIn(ctx);
    await ctx.hospital(HOSPITAL).appointments.fulfill(checkedIn.appointment.id).unwrap();
  },
  'appointment.no_show': async (ctx: RecipeContext) => {
    const booked = await bookNumber(ctx);
    await ctx.hospital(HOSPITAL).appointments.markNoShow(booked.appointment.id).unwrap();
  },
};
