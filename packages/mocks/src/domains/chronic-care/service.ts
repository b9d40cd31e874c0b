/**
 * Chronic-care operations: tenancy, the rules of rules.ts, and their effects (state, events, audit,
 * follow-up timers). Every method is synchronous.
 *
 * Tenancy: an enrolment, its measurements and tasks are seen by the institution running the
 * programme and by the patient; the patient records measurements too, everything else is the
 * institution's. Anyone else gets 404.
 */
import type { Caller } from '../../engine/auth.js';
import type { EventType } from '../../engine/events.js';
import { invalidTransition, notFound } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import type { EnrolmentRecord, FollowUpTaskReason, FollowUpTaskRecord, MeasurementRecord, ProgrammeRecord } from './model.js';
import { assertActive, assertNotEnrolled, isOutOfRange, OUT_OF_RANGE_FOLLOW_UP_MS, readingOf, type MeasurementInput } from './rules.js';
import type { ChronicCareStore } from './store.js';

/** Fires when a task falls due: the reminder, and for a scheduled task the next one. */
export const FOLLOW_UP_DUE_TIMER = 'follow-up-due';
const DAY_MS = 24 * 3600 * 1000;

export class ChronicCareService {
  constructor(
    private readonly store: ChronicCareStore,
    private readonly services: PlatformServices,
  ) {}

  programmes(query: { organizationId?: string | undefined; condition?: string | undefined }): ProgrammeRecord[] {
    return [...this.store.programmes.values()].filter(
      (p) => (query.organizationId === undefined || p.organizationId === query.organizationId) && (query.condition === undefined || p.condition === query.condition),
    );
  }

  // ── Enrolments ──

  visible(caller: Caller, id: string): EnrolmentRecord {
    const enrolment = this.store.enrolments.get(id);
    if (!enrolment || !isParty(caller, enrolment)) throw notFound('care programme enrolment', id);
    return enrolment;
  }

  enrolments(caller: Caller, query: { status?: string | undefined; patientId?: string | undefined }): EnrolmentRecord[] {
    return [...this.store.enrolmentsByParty.get(partyId(caller))].flatMap((id) => {
      const enrolment = this.store.enrolments.get(id);
      const matches = enrolment && (query.status === undefined || enrolment.status === query.status) && (query.patientId === undefined || enrolment.patientId === query.patientId);
      return matches ? [enrolment] : [];
    });
  }

  enrol(organizationId: string, programmeId: string, patientId: string, nowMs: number): EnrolmentRecord {
    const programme = this.store.programmes.get(programmeId);
    if (!programme || programme.organizationId !== organizationId) throw notFound('care programme', programmeId);
    if (!this.services.patients.get(patientId)) throw notFound('patient', patientId);
    assertNotEnrolled(this.store.activeEnrolment(programmeId, patientId), programmeId, patientId);
    const enrolment: EnrolmentRecord = {
      id: this.services.ids.next('cen'),
      programmeId,
      organizationId,
      patientId,
      condition: programme.condition,
      status: 'active',
      enrolledAtMs: nowMs,
      withdrawnAtMs: null,
      updatedAtMs: nowMs,
    };
    this.store.addEnrolment(enrolment);
    this.emitEnrolment('care_programme_enrolment.created', enrolment, nowMs);
    this.createTask(enrolment, 'scheduled', null, nowMs + programme.followUpIntervalDays * DAY_MS, nowMs);
    return enrolment;
  }

  withdraw(organizationId: string, id: string, nowMs: number): EnrolmentRecord {
    const enrolment = this.ownEnrolment(organizationId, id);
    assertActive(enrolment);
    enrolment.status = 'withdrawn';
    enrolment.withdrawnAtMs = nowMs;
    enrolment.updatedAtMs = nowMs;
    this.emitEnrolment('care_programme_enrolment.withdrawn', enrolment, nowMs);
    return enrolment;
  }

  // ── Measurements ──

  /** The enrolment (whose parties the list carries) and its measurements. */
  measurements(caller: Caller, enrolmentId: string, type: string | undefined): { enrolment: EnrolmentRecord; measurements: MeasurementRecord[] } {
    const enrolment = this.visible(caller, enrolmentId);
    const measurements = [...this.store.measurementsByEnrolment.get(enrolment.id)].flatMap((id) => {
      const measurement = this.store.measurements.get(id);
      return measurement && (type === undefined || measurement.reading.type === type) ? [measurement] : [];
    });
    return { enrolment, measurements };
  }

  /** BR-CHR-1: out of range, a follow-up task is created at once. */
  record(caller: Caller, enrolmentId: string, input: MeasurementInput, nowMs: number): MeasurementRecord {
    const enrolment = this.visible(caller, enrolmentId);
    assertActive(enrolment);
    const programme = this.store.programmes.get(enrolment.programmeId);
    if (!programme) throw new Error(`Enrolment ${enrolment.id} names no programme`);
    const reading = readingOf(programme, input, nowMs);
    const measurement: MeasurementRecord = {
      id: this.services.ids.next('msr'),
      enrolmentId: enrolment.id,
      organizationId: enrolment.organizationId,
      patientId: enrolment.patientId,
      reading,
      outOfRange: isOutOfRange(reading),
      measuredAtMs: input.measuredAtMs,
      recordedBy: caller.kind,
      followUpTaskId: null,
      createdAtMs: nowMs,
    };
    this.store.addMeasurement(measurement);
    this.services.events.emit(
      'measurement.recorded',
      { object: 'measurement', id: measurement.id, status: measurement.outOfRange ? 'out-of-range' : 'in-range', organizationId: measurement.organizationId, patientId: measurement.patientId },
      nowMs,
    );
    if (measurement.outOfRange) {
      measurement.followUpTaskId = this.createTask(enrolment, 'out-of-range-measurement', measurement.id, nowMs + OUT_OF_RANGE_FOLLOW_UP_MS, nowMs).id;
    }
    return measurement;
  }

  // ── Follow-up tasks ──

  tasks(caller: Caller, query: { status?: string | undefined; enrolmentId?: string | undefined }): FollowUpTaskRecord[] {
    return [...this.store.tasksByParty.get(partyId(caller))].flatMap((id) => {
      const task = this.store.tasks.get(id);
      const matches = task && (query.status === undefined || task.status === query.status) && (query.enrolmentId === undefined || task.enrolmentId === query.enrolmentId);
      return matches ? [task] : [];
    });
  }

  complete(organizationId: string, id: string, note: string, nowMs: number): FollowUpTaskRecord {
    const task = this.store.tasks.get(id);
    if (!task || task.organizationId !== organizationId) throw notFound('follow-up task', id);
    if (task.status !== 'open') throw invalidTransition('follow-up task', task.status, 'open');
    task.status = 'completed';
    task.completedAtMs = nowMs;
    task.note = note;
    this.emitTask('follow_up_task.completed', task, nowMs);
    return task;
  }

  /** The due timer: remind if still open; a scheduled task of an active enrolment brings the next one. */
  taskDue(taskId: string, atMs: number): void {
    const task = this.store.tasks.get(taskId);
    if (!task) return;
    if (task.status === 'open') this.emitTask('follow_up_task.reminder_due', task, atMs);
    const enrolment = this.store.enrolments.get(task.enrolmentId);
    const programme = enrolment && this.store.programmes.get(enrolment.programmeId);
    if (task.reason === 'scheduled' && enrolment?.status === 'active' && programme) {
      this.createTask(enrolment, 'scheduled', null, task.dueAtMs + programme.followUpIntervalDays * DAY_MS, atMs);
    }
  }

  private createTask(enrolment: EnrolmentRecord, reason: FollowUpTaskReason, measurementId: string | null, dueAtMs: number, nowMs: number): FollowUpTaskRecord {
    const task: FollowUpTaskRecord = {
      id: this.services.ids.next('fut'),
      enrolmentId: enrolment.id,
      organizationId: enrolment.organizationId,
      patientId: enrolment.patientId,
      reason,
      measurementId,
      status: 'open',
      dueAtMs,
      completedAtMs: null,
      note: null,
      createdAtMs: nowMs,
    };
    this.store.addTask(task);
    this.services.timers.schedule({ atMs: dueAtMs, kind: FOLLOW_UP_DUE_TIMER, target: task.id });
    this.emitTask('follow_up_task.created', task, nowMs);
    return task;
  }

  private ownEnrolment(organizationId: string, id: string): EnrolmentRecord {
    const enrolment = this.store.enrolments.get(id);
    if (!enrolment || enrolment.organizationId !== organizationId) throw notFound('care programme enrolment', id);
    return enrolment;
  }

  private emitEnrolment(type: EventType, enrolment: EnrolmentRecord, atMs: number): void {
    this.services.events.emit(type, { object: 'care_programme_enrolment', id: enrolment.id, status: enrolment.status, organizationId: enrolment.organizationId, patientId: enrolment.patientId }, atMs);
  }

  private emitTask(type: EventType, task: FollowUpTaskRecord, atMs: number): void {
    this.services.events.emit(type, { object: 'follow_up_task', id: task.id, status: task.status, organizationId: task.organizationId, patientId: task.patientId }, atMs);
  }
}

function partyId(caller: Caller): string {
  return caller.kind === 'patient' ? caller.patientId : caller.organizationId;
}

function isParty(caller: Caller, record: { organizationId: string; patientId: string }): boolean {
  return caller.kind === 'patient' ? record.patientId === caller.patientId : record.organizationId === caller.organizationId;
}
