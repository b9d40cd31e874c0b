/** Programmes, enrolments, measurements and follow-up tasks, indexed by party and by enrolment. */
import { MultiIndex } from '../../engine/multi-index.js';
import type { EnrolmentRecord, FollowUpTaskRecord, MeasurementRecord, ProgrammeRecord } from './model.js';

export class ChronicCareStore {
  readonly programmes = new Map<string, ProgrammeRecord>();
  readonly enrolments = new Map<string, EnrolmentRecord>();
  readonly measurements = new Map<string, MeasurementRecord>();
  readonly tasks = new Map<string, FollowUpTaskRecord>();
  /** Enrolments and tasks under their institution and their patient. */
  readonly enrolmentsByParty = new MultiIndex();
  readonly tasksByParty = new MultiIndex();
  readonly measurementsByEnrolment = new MultiIndex();

  addProgramme(programme: ProgrammeRecord): void {
    this.programmes.set(programme.id, programme);
  }

  addEnrolment(enrolment: EnrolmentRecord): void {
    this.enrolments.set(enrolment.id, enrolment);
    this.enrolmentsByParty.add(enrolment.organizationId, enrolment.id);
    this.enrolmentsByParty.add(enrolment.patientId, enrolment.id);
  }

  addMeasurement(measurement: MeasurementRecord): void {
    this.measurements.set(measurement.id, measurement);
    this.measurementsByEnrolment.add(measurement.enrolmentId, measurement.id);
  }

  addTask(task: FollowUpTaskRecord): void {
    this.tasks.set(task.id, task);
    this.tasksByParty.add(task.organizationId, task.id);
    this.tasksByParty.add(task.patientId, task.id);
  }

  /** The patient's active enrolment in the programme, if any. */
  activeEnrolment(programmeId: string, patientId: string): EnrolmentRecord | undefined {
    return [...this.enrolmentsByParty.get(patientId)]
      .flatMap((id) => this.enrolments.get(id) ?? [])
      .find((enrolment) => enrolment.programmeId === programmeId && enrolment.status === 'active');
  }
}
