import { createMockPlatform } from '@careloop/mocks';
import { describe, expect, it } from 'vitest';
import { findHoldBookCancel } from '../src/booking.js';

describe('examples/patient-booking', () => {
  it('finds, holds, books and cancels against the in-process mock platform', async () => {
    const platform = createMockPlatform({ validateResponses: true });
    const lines: string[] = [];
    const result = await findHoldBookCancel({ baseUrl: 'https://api.careloop.dev', fetch: platform.fetch, mobile: '13800000002', log: (l) => lines.push(l) });

    expect(result.held.status).toBe('pending');
    expect(result.held.holdExpiresAt).not.toBeNull();
    expect(result.booked.status).toBe('booked');
    expect(result.booked.queueNumber).toBeGreaterThanOrEqual(result.slot.firstQueueNumber);
    expect(result.cancelled.status).toBe('cancelled');
    expect(result.cancelled.cancellation).toMatchObject({ reason: 'patient-request', refundAmount: result.slot.fee });
    expect(lines).toHaveLength(5);

    // The cancelled number went back to the quota (BR-SCH-2).
    const after = await platform.fetch(`https://api.careloop.dev/v1/slots/${result.slot.id}`, {
      headers: { authorization: `Bearer ${await patientToken(platform.fetch)}` },
    });
    expect(((await after.json()) as { remaining: number }).remaining).toBe(result.slot.remaining);
  });
});

async function patientToken(fetch: typeof globalThis.fetch): Promise<string> {
  const response = await fetch('https://api.careloop.dev/v1/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: '13800000001', otp: '123456' }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}
