import { createMockPlatform } from '@careloop/mocks';
import { describe, expect, it } from 'vitest';
import { describeError, localDateTime, logIn } from '../src/booking.js';

// The app's base URL (page origin + /api); the platform's fetch answers any host and prefix-free paths,
// so the test strips the prefix the way the browser worker's handler does.
const BASE_URL = 'https://patient-app.test/api';

function platformWithPrefix() {
  const platform = createMockPlatform({ validateResponses: true });
  const fetch: typeof globalThis.fetch = (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    expect(url.pathname.startsWith('/api/')).toBe(true);
    url.pathname = url.pathname.slice('/api'.length);
    return platform.handle(new Request(url, request));
  };
  return { platform, fetch };
}

describe('examples/browser-patient-app: the session logic', () => {
  it('logs in, finds Endocrinology slots with doctor and fee, holds one and books it', async () => {
    const { fetch } = platformWithPrefix();
    const session = await logIn({ baseUrl: BASE_URL, fetch }, '13800000002', '123456');
    expect(session.patientId).toBe('pat_wangfang');

    const hospitals = await session.hospitals();
    expect(hospitals.map((h) => h.id)).toContain('org_qtph');
    const departments = await session.departments('org_qtph');
    expect(departments.find((d) => d.id === 'dep_qtph_endo')?.name).toBe('Endocrinology');

    const slots = await session.findSlots('dep_qtph_endo', '2026-06-01');
    expect(slots.length).toBeGreaterThan(1);
    expect(slots.every((s) => s.date === '2026-06-01' && s.remaining > 0)).toBe(true);
    expect(slots.map((s) => s.time)).toEqual(slots.map((s) => s.time).toSorted());
    const first = slots[0]!;
    expect(first.fee).toMatch(/^¥\d+\.\d\d$/);
    expect(first.time).toMatch(/^\d\d:\d\d–\d\d:\d\d$/);
    expect(first.doctor).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+, [a-z ]+$/);

    const held = await session.hold(first.id);
    expect(held.status).toBe('pending');
    expect(localDateTime(held.holdExpiresAt!)).toBe('2026-06-01 08:10');

    const booked = await session.book(held.id);
    expect(booked).toMatchObject({ id: held.id, status: 'booked' });
    expect(booked.queueNumber).toBeGreaterThan(0);
  });

  it('surfaces the SDK error code: a second number in the same session is DUPLICATE_BOOKING (BR-SCH-4)', async () => {
    const { fetch } = platformWithPrefix();
    const session = await logIn({ baseUrl: BASE_URL, fetch }, '13800000002', '123456');
    const slots = await session.findSlots('dep_qtph_endo', '2026-06-01');
    const [first, second] = slots.filter((s) => s.scheduleId === slots[0]!.scheduleId);
    await session.hold(first!.id);

    const failure = await session.hold(second!.id).then(
      () => undefined,
      (error: unknown) => describeError(error),
    );
    expect(failure?.code).toBe('DUPLICATE_BOOKING');
    expect(failure?.message).toContain('BR-SCH-4');
  });

  it('a hold left past its expiry on the mock clock can no longer be booked', async () => {
    const { platform, fetch } = platformWithPrefix();
    const session = await logIn({ baseUrl: BASE_URL, fetch }, '13800000002', '123456');
    const [slot] = await session.findSlots('dep_qtph_endo', '2026-06-01');
    const held = await session.hold(slot!.id);
    platform.clock.advance(15 * 60_000);

    const failure = await session.book(held.id).then(
      () => undefined,
      (error: unknown) => describeError(error),
    );
    expect(failure?.code).toBe('INVALID_STATE_TRANSITION');
  });

  it('a wrong one-time code fails the login with the OAuth code', async () => {
    const { fetch } = platformWithPrefix();
    const failure = await logIn({ baseUrl: BASE_URL, fetch }, '13800000002', '000000').then(
      () => undefined,
      (error: unknown) => describeError(error),
    );
    expect(failure?.code).toBe('INVALID_GRANT');
  });

  it('describes errors that are not the SDK\'s too', () => {
    expect(describeError(new Error('boom'))).toEqual({ code: 'UNEXPECTED', message: 'boom' });
  });
});
