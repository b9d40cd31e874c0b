import { describe, expect, it } from 'vitest';
import { runHisConnectorDemo } from '../src/demo.js';

describe('examples/his-connector', () => {
  it('books through the connector into the HIS and lets an HIS suspension cancel the booking', async () => {
    const lines: string[] = [];
    const result = await runHisConnectorDemo({ log: (line) => lines.push(line) });

    // The HIS's own registration number came back onto the appointment, and stayed after booking.
    expect(result.booked).toMatchObject({ status: 'booked', hisRegistrationNumber: 'GH20260603-0001' });
    expect(result.cancelled).toMatchObject({ status: 'cancelled', hisRegistrationNumber: 'GH20260603-0001', cancellation: { reason: 'schedule-suspended' } });
    // In the HIS: locked, confirmed with the platform's queue number, then cancelled by its own suspension.
    expect(result.hisRegistration).toEqual({ number: 'GH20260603-0001', status: 'cancelled', queueNumber: result.booked.queueNumber });
    const types = result.events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['appointment.held', 'appointment.booked', 'appointment.cancelled', 'schedule.suspended']));
    expect(result.events.find((event) => event.type === 'appointment.cancelled')?.data).toMatchObject({ id: result.booked.id, reason: 'schedule-suspended' });
    // Lock and confirm went through the connector; publication and suspension came up from the HIS.
    expect(result.stats).toMatchObject({ executed: 2, failed: 0, reconciled: 0, pushed: 2, pushFailed: 0 });
    expect(lines).toContain(`Held ${result.booked.id}: HIS registration number GH20260603-0001`);
    expect(lines.some((line) => line.startsWith('Event appointment.cancelled') && line.includes('schedule-suspended'))).toBe(true);
  }, 30_000);
});
