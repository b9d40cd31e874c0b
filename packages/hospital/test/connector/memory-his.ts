import type { HisAdapter, HisChange, HisRegistration } from '../../src/connector/index.js';

/** An HIS in memory that counts its calls, for the connector's unit tests. */
export function createMemoryHis() {
  const registrations = new Map<string, HisRegistration & { cancelled: boolean }>();
  const calls: string[] = [];
  const listeners = new Set<(change: HisChange) => void>();
  let next = 0;
  const behaviour: {
    /** Runs before every call except ping; throw to make the HIS fail, await to make it slow. */
    before: (method: string, signal: AbortSignal) => Promise<void> | void;
    reachable: boolean;
  } = { before: () => {}, reachable: true };

  const his: HisAdapter = {
    async lockNumber(request, { signal }) {
      calls.push(`lock ${request.appointmentId}`);
      await behaviour.before('lockNumber', signal);
      const registration = { appointmentId: request.appointmentId, hisRegistrationNumber: `GH20260603-${String(++next).padStart(4, '0')}`, status: 'locked' as const };
      registrations.set(request.appointmentId, { ...registration, cancelled: false });
      return registration;
    },
    async findRegistration(appointmentId, { signal }) {
      calls.push(`find ${appointmentId}`);
      await behaviour.before('findRegistration', signal);
      const found = registrations.get(appointmentId);
      return found && !found.cancelled ? { appointmentId, hisRegistrationNumber: found.hisRegistrationNumber, status: found.status } : null;
    },
    async confirmRegistration(request, { signal }) {
      calls.push(`confirm ${request.appointmentId}`);
      await behaviour.before('confirmRegistration', signal);
      const found = registrations.get(request.appointmentId);
      if (!found || found.cancelled) throw new Error(`No registration ${request.hisRegistrationNumber}`);
      found.status = 'confirmed';
      return { appointmentId: found.appointmentId, hisRegistrationNumber: found.hisRegistrationNumber, status: found.status };
    },
    async cancelRegistration(request, { signal }) {
      calls.push(`cancel ${request.appointmentId}`);
      await behaviour.before('cancelRegistration', signal);
      const found = registrations.get(request.appointmentId);
      if (found) found.cancelled = true;
    },
    async fetchRecords(patient, { signal }) {
      calls.push(`fetch ${patient.id}`);
      await behaviour.before('fetchRecords', signal);
      return [{ hisDocumentId: `EMR-${patient.id}-1`, type: 'outpatient-record', title: 'Outpatient record', effectiveDate: '2026-05-01' }];
    },
    async pushReport(report, { signal }) {
      calls.push(`report ${report.documentId}`);
      await behaviour.before('pushReport', signal);
      return { hisReportId: `RPT-${report.documentId}` };
    },
    ping: async () => behaviour.reachable,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  return {
    his,
    calls,
    behaviour,
    registrations,
    /** Registrations not cancelled, per appointment. */
    active: (appointmentId: string) => [...registrations.values()].filter((registration) => registration.appointmentId === appointmentId && !registration.cancelled).length,
    emit: (change: HisChange) => {
      for (const listener of listeners) listener(change);
    },
    subscribers: () => listeners.size,
  };
}
