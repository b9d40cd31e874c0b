import { createMockPlatform } from '@careloop/mocks';
import { describe, expect, it } from 'vitest';
import { publishWatchSuspend } from '../src/schedule.js';

describe('examples/hospital-schedule', () => {
  it('publishes, releases, sees the booking in its event feed, and suspends', async () => {
    const platform = createMockPlatform({ validateResponses: true });
    const result = await publishWatchSuspend({
      baseUrl: 'https://api.careloop.dev',
      fetch: platform.fetch,
      clientId: 'cli_qtph',
      clientSecret: 'sk_sandbox_qtph',
    });

    expect(result.published).toMatchObject({ status: 'active', capacity: 20, releasedCount: 4, remaining: 4 });
    expect(result.suspended.status).toBe('suspended');
    expect(result.events.map((e) => e.type)).toEqual([
      'appointment.held',
      'appointment.booked',
      'appointment.cancelled',
      'schedule.suspended',
    ]);
    const cancelled = result.events.find((e) => e.type === 'appointment.cancelled');
    expect(cancelled?.data).toMatchObject({ status: 'cancelled', reason: 'schedule-suspended', organizationId: 'org_qtph' });
    // Payloads carry ids and statuses only: no health data, no patient names.
    for (const event of result.events) expect(Object.keys(event.data).sort()).toEqual(expect.arrayContaining(['id', 'object']));
  });
});
