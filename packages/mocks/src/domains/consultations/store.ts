/** Consultations and their tasks, indexed for the lists the API offers. */
import { MultiIndex } from '../../engine/multi-index.js';
import type { ConsultationRecord, ConsultationTaskRecord } from './model.js';

export class ConsultationStore {
  readonly consultations = new Map<string, ConsultationRecord>();
  readonly tasks = new Map<string, ConsultationTaskRecord>();
  /** Consultations by every party: the inviting hospital and each invited expert organization. */
  readonly consultationsByOrganization = new MultiIndex();
  /** Tasks by both parties: the expert organization and the inviting hospital. */
  readonly tasksByParty = new MultiIndex();

  addConsultation(consultation: ConsultationRecord): void {
    this.consultations.set(consultation.id, consultation);
    this.consultationsByOrganization.add(consultation.organizationId, consultation.id);
    for (const expert of consultation.expertOrganizationIds) this.consultationsByOrganization.add(expert, consultation.id);
  }

  addTask(task: ConsultationTaskRecord): void {
    this.tasks.set(task.id, task);
    this.tasksByParty.add(task.organizationId, task.id);
    this.tasksByParty.add(task.requestingOrganizationId, task.id);
  }

  tasksOf(consultation: ConsultationRecord): ConsultationTaskRecord[] {
    return consultation.taskIds.flatMap((id) => this.tasks.get(id) ?? []);
  }

  consultationOf(task: ConsultationTaskRecord): ConsultationRecord {
    const consultation = this.consultations.get(task.consultationId);
    if (!consultation) throw new Error(`Task ${task.id} has no consultation`);
    return consultation;
  }
}
