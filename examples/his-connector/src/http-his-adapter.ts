import { HisError, type HisAdapter, type HisChange, type HisRegistration } from '@careloop/hospital/connector';
import type { HisChangeRecord, HisRegistrationRecord, HisSession } from './fake-his.js';

export interface HttpHisAdapterOptions {
  /** The HIS on the hospital intranet, e.g. `http://his.intranet:8080`. */
  baseUrl: string;
  /** How often the adapter reads the HIS change feed while subscribed. Default 200 ms. */
  changePollMs?: number;
}

// The HIS's own refusals, translated into the codes the platform shows its callers.
const PLATFORM_CODES: Record<string, string> = { NO_NUMBER_LEFT: 'SLOT_UNAVAILABLE', SESSION_SUSPENDED: 'SCHEDULE_SUSPENDED' };

/**
 * The vendor's side of the connector: a {@link HisAdapter} that talks to the HIS over its intranet
 * HTTP API. The connector calls it; it never sees the platform.
 */
export function createHttpHisAdapter({ baseUrl, changePollMs = 200 }: HttpHisAdapterOptions): HisAdapter {
  async function call<T>(method: 'GET' | 'POST', path: string, signal: AbortSignal, body?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      signal,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const payload = (await response.json()) as T & { code?: string; message?: string };
    if (!response.ok) {
      const code = payload.code ?? `HIS_${response.status}`;
      throw new HisError(PLATFORM_CODES[code] ?? code, payload.message ?? `The HIS answered ${response.status}`);
    }
    return payload;
  }
  const registrationOf = (record: HisRegistrationRecord): HisRegistration => ({
    appointmentId: record.appointmentId,
    hisRegistrationNumber: record.number,
    status: record.status === 'confirmed' ? 'confirmed' : 'locked',
  });

  return {
    async lockNumber(request, { signal }) {
      if (request.hisScheduleRef === null) throw new HisError('SCHEDULE_NOT_FROM_HIS', `Schedule ${request.scheduleId} was not published by this HIS`);
      const body = { appointmentId: request.appointmentId, sessionId: request.hisScheduleRef, startTime: request.startTime, patient: request.patient };
      return registrationOf(await call<HisRegistrationRecord>('POST', '/registrations', signal, body));
    },
    async findRegistration(appointmentId, { signal }) {
      const { data } = await call<{ data: HisRegistrationRecord[] }>('GET', `/registrations?appointmentId=${encodeURIComponent(appointmentId)}`, signal);
      const [found] = data;
      return found ? registrationOf(found) : null;
    },
    async confirmRegistration(request, { signal }) {
      const path = `/registrations/${encodeURIComponent(request.hisRegistrationNumber)}/confirm`;
      return registrationOf(await call<HisRegistrationRecord>('POST', path, signal, { queueNumber: request.queueNumber }));
    },
    async cancelRegistration(request, { signal }) {
      await call('POST', '/registrations/cancel', signal, { appointmentId: request.appointmentId, number: request.hisRegistrationNumber });
    },
    async fetchRecords(patient, { signal }) {
      const { data } = await call<{ data: { id: string; title: string; date: string }[] }>('GET', `/patients/${encodeURIComponent(patient.id)}/documents`, signal);
      return data.map((document) => ({ hisDocumentId: document.id, type: 'outpatient-record', title: document.title, effectiveDate: document.date }));
    },
    async pushReport(report, { signal }) {
      const { reportId } = await call<{ reportId: string }>('POST', '/reports', signal, report);
      return { hisReportId: reportId };
    },
    async ping({ signal }) {
      return (await call<{ ok: boolean }>('GET', '/ping', signal)).ok;
    },
    subscribe(listener) {
      // Follows the HIS change feed from its start: after a restart every change is pushed again,
      // and the platform replays it (the idempotency key comes from the change id).
      let after = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const controller = new AbortController();
      const read = async (): Promise<void> => {
        try {
          const { data } = await call<{ data: HisChangeRecord[] }>('GET', `/changes?after=${after}`, controller.signal);
          for (const change of data) {
            listener(changeOf(change));
            after = change.seq;
          }
        } catch {
          // The HIS is unreachable for now; the next read resumes from the same place.
        }
        if (!controller.signal.aborted) timer = setTimeout(() => void read(), changePollMs);
      };
      void read();
      return () => {
        controller.abort();
        clearTimeout(timer);
      };
    },
  };
}

function changeOf({ id, kind, session }: HisChangeRecord): HisChange {
  if (kind === 'session.suspended') return { kind: 'schedule.suspended', changeId: id, hisScheduleRef: session.id, reason: session.suspendedReason ?? 'Suspended at the HIS' };
  return { kind: 'schedule.published', changeId: id, schedule: scheduleOf(session) };
}

function scheduleOf(session: HisSession): Extract<HisChange, { kind: 'schedule.published' }>['schedule'] {
  return {
    departmentId: session.departmentId,
    practitionerId: session.practitionerId,
    date: session.date,
    period: session.period,
    registrationLevel: session.registrationLevel,
    fee: { amountFen: session.feeFen, currency: 'CNY' },
    hisScheduleRef: session.id,
    slots: session.bands.map((band) => ({ startTime: band.startTime, endTime: band.endTime, capacity: band.capacity, releasedCount: band.released })),
  };
}
