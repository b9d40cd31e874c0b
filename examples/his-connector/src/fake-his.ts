import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A fake hospital information system (HIS) on the hospital intranet: its own HTTP server, its own
// store, its own session ids and registration numbers (GH20260603-0001). It knows nothing of the
// platform; the connector's adapter talks to it the way a vendor talks to a real HIS. Proofs reuse
// it: count active registrations per appointment (the natural key), inject delays or hangs, restart it.

/** A doctor's session (出诊) as the HIS keeps it; department and doctor carry the platform ids the hospital mapped. */
export interface HisSession {
  id: string;
  departmentId: string;
  practitionerId: string;
  date: string;
  period: 'am' | 'pm' | 'evening';
  registrationLevel: 'general' | 'expert' | 'specialist';
  feeFen: number;
  /** How many numbers of each band the hospital releases to the platform. */
  bands: { startTime: string; endTime: string; capacity: number; released: number }[];
  status: 'open' | 'suspended';
  suspendedReason: string | null;
}

export interface HisRegistrationRecord {
  number: string;
  appointmentId: string;
  sessionId: string;
  startTime: string;
  patientId: string;
  patientName: string;
  status: 'locked' | 'confirmed' | 'cancelled';
  queueNumber: number | null;
}

/** An entry of the HIS's change feed, which the adapter follows to push changes up. */
export interface HisChangeRecord {
  id: string;
  seq: number;
  kind: 'session.published' | 'session.suspended';
  session: HisSession;
}

export interface HisFaults {
  /** Milliseconds every matching request waits before it is handled. */
  delayMs: number;
  /** Matching requests are never answered (until the HIS restarts or closes). */
  hang: boolean;
  /** Which requests the faults apply to; default every request. */
  match: (method: string, path: string) => boolean;
}

export interface FakeHis {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly faults: HisFaults;
  /** Opens a session at the HIS desk; it appears in the change feed. */
  openSession(session: Omit<HisSession, 'status' | 'suspendedReason'>): HisSession;
  /** Suspends a session (停诊) at the HIS desk; it appears in the change feed. */
  suspendSession(sessionId: string, reason: string): HisSession;
  registrations(): HisRegistrationRecord[];
  /** Registrations not cancelled for an appointment: more than one means a lock was repeated. */
  activeRegistrations(appointmentId: string): number;
  /** How many requests the HIS received, by `METHOD /path` (ids replaced by `:id`). */
  readonly requestCounts: Map<string, number>;
  /** Closes the server (dropping open connections) and listens again on the same port; the store survives, as a database would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface StartFakeHisOptions {
  /** Default 0: any free port. */
  port?: number;
}

class HisHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeHis({ port = 0 }: StartFakeHisOptions = {}): Promise<FakeHis> {
  const sessions = new Map<string, HisSession>();
  const registrations: HisRegistrationRecord[] = [];
  const changes: HisChangeRecord[] = [];
  const reports = new Map<string, string>();
  const numberSequences = new Map<string, number>();
  const requestCounts = new Map<string, number>();
  const faults: HisFaults = { delayMs: 0, hang: false, match: () => true };
  const hung = new Set<ServerResponse>();

  const record = (kind: HisChangeRecord['kind'], session: HisSession): void => {
    const seq = changes.length + 1;
    changes.push({ id: `HISCHG-${String(seq).padStart(6, '0')}`, seq, kind, session: structuredClone(session) });
  };
  const active = (registration: HisRegistrationRecord): boolean => registration.status !== 'cancelled';

  function suspendSession(sessionId: string, reason: string): HisSession {
    const session = sessions.get(sessionId);
    if (!session) throw new HisHttpError(404, 'SESSION_NOT_FOUND', `No session ${sessionId}`);
    if (session.status === 'suspended') return session;
    session.status = 'suspended';
    session.suspendedReason = reason;
    // The HIS cancels its own registrations of the session; the platform cancels its bookings when the change reaches it.
    for (const registration of registrations) if (registration.sessionId === sessionId && active(registration)) registration.status = 'cancelled';
    record('session.suspended', session);
    return session;
  }

  function lock(body: { appointmentId: string; sessionId: string; startTime: string; patient: { id: string; name: string } }): HisRegistrationRecord {
    const session = sessions.get(body.sessionId);
    if (!session) throw new HisHttpError(404, 'SESSION_NOT_FOUND', `No session ${body.sessionId}`);
    if (session.status === 'suspended') throw new HisHttpError(409, 'SESSION_SUSPENDED', `Session ${session.id} is suspended`);
    const band = session.bands.find((candidate) => Date.parse(candidate.startTime) === Date.parse(body.startTime));
    if (!band) throw new HisHttpError(404, 'BAND_NOT_FOUND', `Session ${session.id} has no band at ${body.startTime}`);
    const taken = registrations.filter((registration) => active(registration) && registration.sessionId === session.id && registration.startTime === band.startTime).length;
    if (taken >= band.capacity) throw new HisHttpError(409, 'NO_NUMBER_LEFT', `No number left at ${band.startTime} in session ${session.id}`);
    // Deliberately no check by appointment: like many HIS, this one registers whatever it is asked
    // to. Not locking twice is the connector's duty (it looks the appointment up first).
    const day = session.date.replaceAll('-', '');
    const sequence = (numberSequences.get(day) ?? 0) + 1;
    numberSequences.set(day, sequence);
    const registration: HisRegistrationRecord = {
      number: `GH${day}-${String(sequence).padStart(4, '0')}`,
      appointmentId: body.appointmentId,
      sessionId: session.id,
      startTime: band.startTime,
      patientId: body.patient.id,
      patientName: body.patient.name,
      status: 'locked',
      queueNumber: null,
    };
    registrations.push(registration);
    return registration;
  }

  async function route(method: string, url: URL, body: unknown): Promise<unknown> {
    const path = url.pathname;
    if (method === 'GET' && path === '/ping') return { ok: true };
    if (method === 'GET' && path === '/changes') {
      const after = Number(url.searchParams.get('after') ?? 0);
      return { data: changes.filter((change) => change.seq > after) };
    }
    if (method === 'POST' && path === '/registrations') return lock(body as never);
    if (method === 'GET' && path === '/registrations') {
      const appointmentId = url.searchParams.get('appointmentId');
      return { data: registrations.filter((registration) => active(registration) && registration.appointmentId === appointmentId) };
    }
    if (method === 'POST' && path === '/registrations/cancel') {
      const { appointmentId, number } = body as { appointmentId: string; number: string | null };
      const cancelled = registrations.filter((registration) => active(registration) && registration.appointmentId === appointmentId && (number === null || registration.number === number));
      for (const registration of cancelled) registration.status = 'cancelled';
      return { cancelled: cancelled.length };
    }
    const confirm = /^\/registrations\/([^/]+)\/confirm$/.exec(path);
    if (method === 'POST' && confirm) {
      const registration = registrations.find((candidate) => candidate.number === confirm[1]);
      if (!registration) throw new HisHttpError(404, 'REGISTRATION_NOT_FOUND', `No registration ${confirm[1]}`);
      if (registration.status === 'cancelled') throw new HisHttpError(409, 'REGISTRATION_CANCELLED', `Registration ${registration.number} is cancelled`);
      registration.status = 'confirmed';
      registration.queueNumber = (body as { queueNumber: number }).queueNumber;
      return registration;
    }
    const suspend = /^\/sessions\/([^/]+)\/suspend$/.exec(path);
    if (method === 'POST' && suspend) return suspendSession(suspend[1] ?? '', (body as { reason: string }).reason);
    const documents = /^\/patients\/([^/]+)\/documents$/.exec(path);
    if (method === 'GET' && documents) {
      return { data: [{ id: `EMR-${documents[1]}-0001`, kind: 'outpatient-record', title: 'Outpatient record, endocrinology', date: '2026-05-20' }] };
    }
    if (method === 'POST' && path === '/reports') {
      const { documentId } = body as { documentId: string };
      // Filed once per platform document, however often it is pushed.
      if (!reports.has(documentId)) reports.set(documentId, `RPT-${String(reports.size + 1).padStart(6, '0')}`);
      return { reportId: reports.get(documentId) };
    }
    throw new HisHttpError(404, 'NOT_FOUND', `${method} ${path}`);
  }

  async function onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://his.local');
    const method = request.method ?? 'GET';
    const counted = `${method} ${url.pathname.replace(/\/(GH\d{8}-\d{4}|S[^/]*|pat_[^/]*)(?=\/|$)/g, '/:id')}`;
    requestCounts.set(counted, (requestCounts.get(counted) ?? 0) + 1);
    let text = '';
    for await (const chunk of request) text += String(chunk);
    if (faults.match(method, url.pathname)) {
      if (faults.hang) {
        hung.add(response);
        return;
      }
      if (faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    }
    let status = 200;
    let payload: unknown;
    try {
      payload = await route(method, url, text ? JSON.parse(text) : undefined);
    } catch (error) {
      const known = error instanceof HisHttpError ? error : new HisHttpError(500, 'HIS_INTERNAL', String(error));
      status = known.status;
      payload = { code: known.code, message: known.message };
    }
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(payload));
  }

  let server: Server;
  let boundPort = port;
  const listen = async (): Promise<void> => {
    server = createServer((request, response) => void onRequest(request, response));
    await new Promise<void>((resolve) => server.listen(boundPort, '127.0.0.1', resolve));
    boundPort = (server.address() as AddressInfo).port;
  };
  const shut = async (): Promise<void> => {
    for (const response of hung) response.destroy();
    hung.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  await listen();

  return {
    get url() {
      return `http://127.0.0.1:${boundPort}`;
    },
    faults,
    openSession(session) {
      const opened: HisSession = { ...structuredClone(session), status: 'open', suspendedReason: null };
      sessions.set(opened.id, opened);
      record('session.published', opened);
      return opened;
    },
    suspendSession,
    registrations: () => registrations.map((registration) => ({ ...registration })),
    activeRegistrations: (appointmentId) => registrations.filter((registration) => active(registration) && registration.appointmentId === appointmentId).length,
    requestCounts,
    async restart() {
      await shut();
      await listen();
    },
    close: shut,
  };
}
