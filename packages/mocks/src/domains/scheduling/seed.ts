/**
 * The seeded schedules: 14 days (2026-06-01 Mon … 06-14 Sun) of sessions for the care providers'
 * doctors, each on a weekly roster. Ids follow `sch_<doctor>_<MMDD><period>` and
 * `slt_<doctor>_<MMDD><period>_<band>`. Zhang Wei's sessions and a few appointments are fixed
 * fixtures the spec's examples and the tests rely on; other sessions get a seeded share of
 * numbers released and a few bookings by background patients.
 */
import type { IdFactory } from '../../engine/ids.js';
import { Prng } from '../../engine/ids.js';
import type { TimerQueue } from '../../engine/timers.js';
import type { AppointmentRecord, Period, RegistrationLevel, ScheduleRecord, SlotRecord } from './model.js';
import { HOLD_EXPIRY_TIMER } from './service.js';
import type { SchedulingStore } from './store.js';

interface Roster {
  doctor: string;
  organizationId: string;
  departmentId: string;
  /** [weekday (1 = Monday … 7 = Sunday), period] */
  sessions: [number, Period][];
  level: RegistrationLevel;
  feeFen: number;
  bands: number;
  capacity: number;
}

const ROSTERS: readonly Roster[] = [
  { doctor: 'zhangwei', organizationId: 'org_qtph', departmentId: 'dep_qtph_endo', sessions: [[1, 'am'], [3, 'am'], [4, 'am'], [5, 'am']], level: 'expert', feeFen: 5000, bands: 3, capacity: 10 },
  { doctor: 'sunli', organizationId: 'org_qtph', departmentId: 'dep_qtph_endo', sessions: [[2, 'pm'], [4, 'pm'], [6, 'am']], level: 'specialist', feeFen: 3000, bands: 3, capacity: 10 },
  { doctor: 'liuyang', organizationId: 'org_qtph', departmentId: 'dep_qtph_endo', sessions: [[1, 'pm'], [3, 'pm'], [5, 'pm']], level: 'general', feeFen: 1000, bands: 3, capacity: 15 },
  { doctor: 'chenjing', organizationId: 'org_qtph', departmentId: 'dep_qtph_cardio', sessions: [[2, 'am'], [4, 'am']], level: 'expert', feeFen: 5000, bands: 3, capacity: 10 },
  { doctor: 'gaofeng', organizationId: 'org_qtph', departmentId: 'dep_qtph_cardio', sessions: [[1, 'am'], [3, 'pm']], level: 'specialist', feeFen: 3000, bands: 3, capacity: 10 },
  { doctor: 'yangfan', organizationId: 'org_qtph', departmentId: 'dep_qtph_cardio', sessions: [[2, 'pm'], [5, 'am'], [6, 'am']], level: 'general', feeFen: 1000, bands: 3, capacity: 15 },
  { doctor: 'huangmin', organizationId: 'org_qtph', departmentId: 'dep_qtph_paed', sessions: [[1, 'am'], [3, 'am'], [5, 'pm']], level: 'specialist', feeFen: 3000, bands: 3, capacity: 10 },
  { doctor: 'zhoutao', organizationId: 'org_qtph', departmentId: 'dep_qtph_paed', sessions: [[2, 'am'], [4, 'pm'], [7, 'am']], level: 'general', feeFen: 1000, bands: 3, capacity: 15 },
  { doctor: 'wuqiang', organizationId: 'org_qtph', departmentId: 'dep_qtph_resp', sessions: [[3, 'am'], [5, 'am']], level: 'expert', feeFen: 5000, bands: 3, capacity: 10 },
  { doctor: 'xuli', organizationId: 'org_qtph', departmentId: 'dep_qtph_resp', sessions: [[1, 'pm'], [4, 'am']], level: 'general', feeFen: 1000, bands: 3, capacity: 15 },
  { doctor: 'maojun', organizationId: 'org_qtph', departmentId: 'dep_qtph_gim', sessions: [[2, 'am'], [4, 'am']], level: 'specialist', feeFen: 3000, bands: 3, capacity: 10 },
  { doctor: 'hexin', organizationId: 'org_qtph', departmentId: 'dep_qtph_gim', sessions: [[1, 'evening'], [3, 'evening']], level: 'general', feeFen: 1000, bands: 2, capacity: 15 },
  { doctor: 'qianhui', organizationId: 'org_qtih', departmentId: 'dep_qtih_endo', sessions: [[1, 'evening'], [2, 'evening'], [3, 'evening'], [4, 'evening'], [5, 'evening']], level: 'general', feeFen: 2000, bands: 2, capacity: 10 },
  { doctor: 'luoyu', organizationId: 'org_qtih', departmentId: 'dep_qtih_endo', sessions: [[6, 'pm'], [7, 'pm']], level: 'general', feeFen: 2000, bands: 3, capacity: 10 },
  { doctor: 'wanggang', organizationId: 'org_linan', departmentId: 'dep_linan_im', sessions: [[1, 'am'], [3, 'am'], [5, 'am']], level: 'specialist', feeFen: 2000, bands: 3, capacity: 10 },
  { doctor: 'tangli', organizationId: 'org_linan', departmentId: 'dep_linan_im', sessions: [[2, 'am'], [4, 'am']], level: 'general', feeFen: 800, bands: 3, capacity: 15 },
  { doctor: 'zhaomin', organizationId: 'org_linan', departmentId: 'dep_linan_im', sessions: [[1, 'pm'], [2, 'pm'], [4, 'pm']], level: 'general', feeFen: 800, bands: 3, capacity: 15 },
  { doctor: 'linxiao', organizationId: 'org_linan', departmentId: 'dep_linan_paed', sessions: [[3, 'pm'], [6, 'am']], level: 'general', feeFen: 800, bands: 3, capacity: 15 },
  { doctor: 'fengyan', organizationId: 'org_xixi', departmentId: 'dep_xixi_gp', sessions: [[1, 'am'], [2, 'am'], [3, 'am'], [4, 'am'], [5, 'am']], level: 'general', feeFen: 500, bands: 2, capacity: 20 },
  { doctor: 'caoning', organizationId: 'org_xixi', departmentId: 'dep_xixi_gp', sessions: [[1, 'pm'], [3, 'pm'], [5, 'pm'], [6, 'am']], level: 'general', feeFen: 500, bands: 2, capacity: 20 },
  { doctor: 'dengyu', organizationId: 'org_gongshu', departmentId: 'dep_gongshu_gp', sessions: [[1, 'am'], [2, 'pm'], [4, 'am'], [6, 'am']], level: 'general', feeFen: 500, bands: 2, capacity: 20 },
  { doctor: 'shenjie', organizationId: 'org_gongshu', departmentId: 'dep_gongshu_gp', sessions: [[2, 'am'], [3, 'pm'], [5, 'am']], level: 'general', feeFen: 500, bands: 2, capacity: 20 },
];

/** Band start times (hospital-local) per period; every band lasts one hour. */
const BAND_STARTS: Record<Period, string[]> = {
  am: ['08:00', '09:00', '10:00'],
  pm: ['13:30', '14:30', '15:30'],
  evening: ['18:00', '19:00'],
};

const FIRST_DAY = '2026-06-01';
const DAYS = 14;
const SCHEDULES_CREATED = '2026-05-20T09:00:00+08:00';

function at(date: string, time: string): number {
  return Date.parse(`${date}T${time}:00+08:00`);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
function weekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

function mmdd(date: string): string {
  return date.slice(5, 7) + date.slice(8, 10);
}

/** Sessions whose numbers are fixed below rather than seeded. */
const FIXTURE_SCHEDULES = new Set([
  'sch_zhangwei_0601am',
  'sch_zhangwei_0603am',
  'sch_zhangwei_0604am',
  'sch_zhangwei_0605am',
  'sch_sunli_0602pm',
  'sch_chenjing_0602am',
]);

interface SeedContext {
  store: SchedulingStore;
  ids: IdFactory;
  timers: TimerQueue;
  seed: string;
  backgroundPatientIds: readonly string[];
}

export function seedScheduling({ store, ids, timers, seed, backgroundPatientIds }: SeedContext): void {
  const prng = new Prng(`${seed}/world`);
  const createdAtMs = Date.parse(SCHEDULES_CREATED);

  for (let day = 0; day < DAYS; day++) {
    const date = addDays(FIRST_DAY, day);
    for (const roster of ROSTERS) {
      for (const [dayOfWeek, period] of roster.sessions) {
        if (dayOfWeek !== weekday(date)) continue;
        const id = `sch_${roster.doctor}_${mmdd(date)}${period}`;
        const fixture = FIXTURE_SCHEDULES.has(id);
        // Partners often release only a share of their numbers to the platform.
        const share = fixture ? 0.6 : ([0.4, 0.6, 0.6, 0.8, 1][prng.int(0, 4)] ?? 0.6);
        const starts = (BAND_STARTS[period] ?? []).slice(0, roster.bands);
        const slots: SlotRecord[] = starts.map((start, index) => ({
          id: `slt_${roster.doctor}_${mmdd(date)}${period}_${index + 1}`,
          scheduleId: id,
          startMs: at(date, start),
          endMs: at(date, start) + 3_600_000,
          capacity: roster.capacity,
          releasedCount: Math.round(roster.capacity * share),
          referralQuota: 0,
          firstQueueNumber: 1 + index * roster.capacity,
          waitlist: [],
        }));
        const schedule: ScheduleRecord = {
          id,
          organizationId: roster.organizationId,
          departmentId: roster.departmentId,
          practitionerId: `prc_${roster.doctor}`,
          date,
          period,
          registrationLevel: roster.level,
          feeFen: roster.feeFen,
          status: 'active',
          suspendedReason: null,
          hisScheduleRef: null,
          createdAtMs,
          slotIds: slots.map((slot) => slot.id),
        };
        store.addSchedule(schedule, slots);
        if (!fixture) seedBackgroundBookings(store, ids, prng, schedule, slots, backgroundPatientIds);
      }
    }
  }
  seedFixtures(store, ids, timers, backgroundPatientIds);
}

/** A few numbers of each band already booked by background patients (never two in one session). */
function seedBackgroundBookings(
  store: SchedulingStore,
  ids: IdFactory,
  prng: Prng,
  schedule: ScheduleRecord,
  slots: SlotRecord[],
  patientIds: readonly string[],
): void {
  let nextPatient = prng.int(0, patientIds.length - 1);
  for (const slot of slots) {
    const count = prng.int(0, Math.min(3, slot.releasedCount));
    for (let i = 0; i < count; i++) {
      const patientId = patientIds[nextPatient++ % patientIds.length] ?? '';
      const createdAtMs = Date.parse('2026-05-21T09:00:00+08:00') + prng.int(0, 9 * 24 * 60) * 60_000;
      store.addAppointment(
        appointment({
          id: ids.next('apt'),
          status: 'booked',
          patientId,
          slot,
          schedule,
          queueNumber: slot.firstQueueNumber + i,
          createdAtMs,
          updatedAtMs: createdAtMs + 2 * 60_000,
        }),
      );
    }
  }
}

function appointment(fields: {
  id: string;
  status: AppointmentRecord['status'];
  patientId: string;
  slot: SlotRecord;
  schedule: ScheduleRecord;
  queueNumber: number | null;
  createdAtMs: number;
  updatedAtMs: number;
  holdExpiresAtMs?: number;
}): AppointmentRecord {
  return {
    id: fields.id,
    status: fields.status,
    patientId: fields.patientId,
    slotId: fields.slot.id,
    scheduleId: fields.schedule.id,
    organizationId: fields.schedule.organizationId,
    feeFen: fields.schedule.feeFen,
    queueNumber: fields.queueNumber,
    holdExpiresAtMs: fields.holdExpiresAtMs ?? null,
    replaces: null,
    replacedBy: null,
    referralId: null,
    hisRegistrationNumber: null,
    awaitingHis: null,
    cancellation: null,
    createdAtMs: fields.createdAtMs,
    updatedAtMs: fields.updatedAtMs,
  };
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Seed fixture missing: ${what}`);
  return value;
}

/** The named situations the spec's examples and the tests start from. */
function seedFixtures(store: SchedulingStore, ids: IdFactory, timers: TimerQueue, background: readonly string[]): void {
  const slot = (id: string) => need(store.slots.get(id), id);
  const book = (
    id: string,
    patientId: string,
    slotId: string,
    status: AppointmentRecord['status'],
    queueNumber: number | null,
    created: string,
    updated: string,
    holdExpiresAt?: string,
  ) => {
    const target = slot(slotId);
    store.addAppointment(
      appointment({
        id,
        status,
        patientId,
        slot: target,
        schedule: store.scheduleOf(target),
        queueNumber,
        createdAtMs: Date.parse(created),
        updatedAtMs: Date.parse(updated),
        ...(holdExpiresAt === undefined ? {} : { holdExpiresAtMs: Date.parse(holdExpiresAt) }),
      }),
    );
  };

  // Today, Zhang Wei's morning: Li Na booked (number 1), Zhao Lei already checked in (number 2).
  book('apt_lina_0601', 'pat_lina', 'slt_zhangwei_0601am_1', 'booked', 1, '2026-05-25T09:00:00+08:00', '2026-05-25T09:03:00+08:00');
  book('apt_zhaolei_0601', 'pat_zhaolei', 'slt_zhangwei_0601am_1', 'checked-in', 2, '2026-05-26T14:00:00+08:00', '2026-06-01T07:50:00+08:00');

  // 06-03: Li Na holds number 1 of band 1 (remaining 5 of 6 released; the session 17 of 18).
  book('apt_lina_0603', 'pat_lina', 'slt_zhangwei_0603am_1', 'booked', 1, '2026-05-28T10:00:00+08:00', '2026-05-28T10:02:00+08:00');

  // 06-04: numbers left in band 1 (one already booked by someone else), nothing of Li Na's.
  book(ids.next('apt'), need(background[0], 'background patient'), 'slt_zhangwei_0604am_1', 'booked', 1, '2026-05-27T08:30:00+08:00', '2026-05-27T08:31:00+08:00');

  // 06-05: band 1 is full, taken by six other patients, so Wang Fang can join its waitlist.
  const full = slot('slt_zhangwei_0605am_1');
  for (let i = 0; i < full.releasedCount; i++) {
    const created = `2026-05-2${2 + (i % 7)}T1${i % 10}:15:00+08:00`;
    book(ids.next('apt'), need(background[(i + 1) % background.length], 'background patient'), full.id, 'booked', full.firstQueueNumber + i, created, created);
  }

  // Numbers set aside for referrals from the alliance: Zhang Wei's 06-04 first band and Chen Jing's
  // 06-02 second band (hypertension referrals to cardiology).
  slot('slt_zhangwei_0604am_1').referralQuota = 2;
  slot('slt_chenjing_0602am_2').referralQuota = 2;

  // Sun Li's 06-02 afternoon is suspended (停诊).
  const suspended = need(store.schedules.get('sch_sunli_0602pm'), 'sch_sunli_0602pm');
  suspended.status = 'suspended';
  suspended.suspendedReason = 'Doctor attending a provincial training course';

  // Wang Fang holds a number of Chen Jing's 06-02 morning; the hold lapses at 08:10 today.
  book('apt_wangfang_hold', 'pat_wangfang', 'slt_chenjing_0602am_1', 'pending', null, '2026-06-01T08:00:00+08:00', '2026-06-01T08:00:00+08:00', '2026-06-01T08:10:00+08:00');
  timers.schedule({ atMs: Date.parse('2026-06-01T08:10:00+08:00'), kind: HOLD_EXPIRY_TIMER, target: 'apt_wangfang_hold' });
}
