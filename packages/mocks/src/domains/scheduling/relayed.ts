/**
 * Scheduling through a hospital's connector (PLATFORM.md §3): when the hospital's connector allows
 * `registration.lock`, a hold (and the hold half of a reschedule) reserves its number
 * synchronously (BR-SCH-1 holds while the HIS is asked), asks the HIS to lock it and awaits the
 * answer in real time; a booking awaits `registration.confirm`; cancellations are not awaited,
 * their `registration.cancel` is queued. Hospitals without such a connector take the synchronous
 * path of service.ts unchanged.
 */
import { formatLocal } from '../../engine/clock.js';
import { pathParam, patientOnly, requireCaller, type AsyncRouteTable } from '../../engine/context.js';
import { DomainError } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import type { CommandRecord, ConnectorRecord } from '../connectors/model.js';
import { upstreamTimeout } from '../connectors/rules.js';
import type { AppointmentRecord, CancellationReason } from './model.js';
import { hisRefused } from './rules.js';
import { appointmentView } from './views.js';

/** The reason a `registration.cancel` gives the HIS, by the platform's cancellation reason. */
type HisCancelReason = 'patient-request' | 'hold-expired' | 'lock-abandoned' | 'platform-rejected';

/**
 * Which cancellations reach the HIS: not those of a suspension the HIS itself pushed (停诊), the
 * others with the reason the HIS understands.
 */
const HIS_CANCEL_REASON: Record<CancellationReason, HisCancelReason | null> = {
  'patient-request': 'patient-request',
  'hold-expired': 'hold-expired',
  rescheduled: 'patient-request',
  'hospital-request': 'platform-rejected',
  'schedule-suspended': null,
};

export const registrationKey = (appointmentId: string) => `registration:${appointmentId}`;

export function createRelayedScheduling(services: PlatformServices): { asyncRoutes: AsyncRouteTable } {
  const { connectors: relay, scheduling, patients } = services;
  const { store, service } = scheduling;
  const view = (appointment: AppointmentRecord) => appointmentView(store, appointment);

  const enqueueCancel = (connector: ConnectorRecord, appointmentId: string, hisRegistrationNumber: string | null, reason: HisCancelReason, atMs: number) =>
    relay.enqueue(connector, 'registration.cancel', registrationKey(appointmentId), { appointmentId, hisRegistrationNumber, reason }, atMs);

  /**
   * A lock nobody waits for any more is cancelled in the HIS by its natural key, once per lock that
   * may have left something: a cancel still pending runs after the lock (the agent runs a key's
   * commands in order), but one already acknowledged may have run before it (the lock's delivery was
   * lost and came again after the cancel), so a lock succeeding after that needs another.
   */
  const compensateAbandonedLock = (lock: CommandRecord, atMs: number) => {
    const connector = relay.connectors.get(lock.connectorId);
    if (!connector || connector.revokedAtMs !== null) return;
    const already = relay
      .commandsFor(connector.id, lock.naturalKey)
      .some((command) => command.type === 'registration.cancel' && command.payload['reason'] === 'lock-abandoned' && command.status === 'pending');
    if (!already) enqueueCancel(connector, String(lock.payload['appointmentId']), null, 'lock-abandoned', atMs);
  };

  relay.acknowledged.on((command, atMs) => {
    if (command.type === 'registration.lock' && command.abandoned && command.status === 'succeeded') compensateAbandonedLock(command, atMs);
  });

  // Cancellations are not awaited: the platform cancels at once, at-least-once delivery tells the HIS.
  services.hooks.appointmentCancelled.on((appointment, atMs) => {
    const reason = appointment.cancellation ? HIS_CANCEL_REASON[appointment.cancellation.reason] : null;
    if (appointment.hisRegistrationNumber === null || reason === null) return;
    const connector = relay.connectorFor(appointment.organizationId, 'registration.cancel');
    if (connector) enqueueCancel(connector, appointment.id, appointment.hisRegistrationNumber, reason, atMs);
  });

  /**
   * Asks the HIS to lock the reserved number and awaits its answer: the HIS's registration number,
   * or the reservation is dropped and the caller told why (409 refused, 503 withdrawn, 504 timeout).
   */
  async function lockInHis(connector: ConnectorRecord, reservation: AppointmentRecord, nowMs: number): Promise<string> {
    const slot = store.slotOf(reservation);
    const schedule = store.scheduleOf(slot);
    const patient = patients.get(reservation.patientId);
    const command = relay.enqueue(
      connector,
      'registration.lock',
      registrationKey(reservation.id),
      {
        appointmentId: reservation.id,
        scheduleId: schedule.id,
        hisScheduleRef: schedule.hisScheduleRef,
        slotId: slot.id,
        startTime: formatLocal(slot.startMs),
        patient: { id: reservation.patientId, name: patient?.name ?? reservation.patientId },
      },
      nowMs,
    );
    const outcome = await relay.awaitOutcome(command);
    if (outcome.kind === 'succeeded' && outcome.result.hisRegistrationNumber !== undefined) return outcome.result.hisRegistrationNumber;
    service.dropReservation(reservation);
    if (outcome.kind === 'failed') throw hisRefused(connector.organizationId, outcome.error);
    if (outcome.kind === 'timeout') {
      if (relay.giveUp(command) === 'abandoned') compensateAbandonedLock(command, nowMs);
      throw upstreamTimeout(connector.organizationId, services.runtime.connector.commandTimeoutMs);
    }
    throw connectorGone(connector);
  }

  /** Commits after the HIS locked; when the commit is refused (the session suspended meanwhile), the HIS's lock is cancelled. */
  function commitOrRelease<T>(connector: ConnectorRecord, reservation: AppointmentRecord, number: string, nowMs: number, commit: () => T): T {
    try {
      return commit();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      service.dropReservation(reservation);
      enqueueCancel(connector, reservation.id, number, 'platform-rejected', nowMs);
      throw error;
    }
  }

  return {
    asyncRoutes: {
      async holdSlot(context) {
        const patientId = patientOnly(context);
        const slotId = pathParam(context, 'slotId');
        const slot = store.slots.get(slotId);
        const connector = slot && relay.connectorFor(store.scheduleOf(slot).organizationId, 'registration.lock');
        if (!connector) return { status: 201, body: view(service.holdSlot(patientId, slotId, context.nowMs)) };
        relay.assertReachable(connector, context.nowMs);
        const reservation = service.reserveHold(patientId, slotId, context.nowMs);
        const number = await lockInHis(connector, reservation, context.nowMs);
        return { status: 201, body: view(commitOrRelease(connector, reservation, number, context.nowMs, () => service.commitHold(reservation, number, context.nowMs))) };
      },

      async bookAppointment(context) {
        const caller = requireCaller(context);
        const appointmentId = pathParam(context, 'appointmentId');
        const appointment = service.visibleAppointment(caller, appointmentId);
        const hisNumber = appointment.hisRegistrationNumber;
        const connector = hisNumber === null ? undefined : relay.connectorFor(appointment.organizationId, 'registration.confirm');
        if (!connector || hisNumber === null) return { status: 200, body: view(service.book(caller, appointmentId, context.nowMs)) };
        relay.assertReachable(connector, context.nowMs);
        service.beginBook(caller, appointmentId, true);
        // A second booking request while the first awaits the HIS waits for the same confirmation.
        const key = registrationKey(appointmentId);
        const command =
          relay.commandsFor(connector.id, key).find((c) => c.type === 'registration.confirm' && c.status === 'pending' && !c.abandoned) ??
          relay.enqueue(connector, 'registration.confirm', key, { appointmentId, hisRegistrationNumber: hisNumber, queueNumber: appointment.queueNumber }, context.nowMs);
        const outcome = await relay.awaitOutcome(command);
        if (outcome.kind === 'succeeded') {
          try {
            return { status: 200, body: view(service.finishBook(appointment, context.nowMs)) };
          } catch (error) {
            service.abortBook(appointment);
            throw error;
          }
        }
        service.abortBook(appointment);
        if (outcome.kind === 'failed') throw hisRefused(connector.organizationId, outcome.error);
        if (outcome.kind === 'timeout') {
          relay.giveUp(command);
          throw upstreamTimeout(connector.organizationId, services.runtime.connector.commandTimeoutMs);
        }
        throw connectorGone(connector);
      },

      async rescheduleAppointment(context) {
        const caller = requireCaller(context);
        const appointmentId = pathParam(context, 'appointmentId');
        const { slotId } = context.body as { slotId: string };
        const target = store.slots.get(slotId);
        const connector = target && relay.connectorFor(store.scheduleOf(target).organizationId, 'registration.lock');
        if (!connector) return { status: 201, body: view(service.reschedule(caller, appointmentId, slotId, context.nowMs)) };
        relay.assertReachable(connector, context.nowMs);
        const replacement = service.reserveReschedule(caller, appointmentId, slotId, context.nowMs);
        const number = await lockInHis(connector, replacement, context.nowMs);
        const booked = commitOrRelease(connector, replacement, number, context.nowMs, () => service.commitReschedule(replacement, number, context.nowMs));
        // The new registration is booked at once: its confirmation reaches the HIS at least once, nobody waits.
        if (booked.queueNumber !== null && relay.connectorFor(booked.organizationId, 'registration.confirm')) {
          relay.enqueue(connector, 'registration.confirm', registrationKey(booked.id), { appointmentId: booked.id, hisRegistrationNumber: number, queueNumber: booked.queueNumber }, context.nowMs);
        }
        return { status: 201, body: view(booked) };
      },
    },
  };
}

/** The connector was revoked while the caller waited: its commands were withdrawn. */
function connectorGone(connector: ConnectorRecord): DomainError {
  return new DomainError(503, 'CONNECTOR_OFFLINE', `The connector of ${connector.organizationId} was revoked; the HIS cannot be reached.`, {
    headers: { 'Retry-After': '5' },
  });
}
