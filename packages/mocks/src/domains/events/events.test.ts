import { describe, expect, it } from 'vitest';
import { call, orgToken, patientLogin, testPlatform, MOBILE } from '../../../test/helpers.js';

describe('GET /v1/events', () => {
  it('starts empty, with a null nextCursor', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    expect((await call(platform, 'GET', '/v1/events', { token })).body).toEqual({ data: [], nextCursor: null });
  });

  it('shows appointment events to the organization and the patient only, schedule events to the organization only', async () => {
    const platform = testPlatform();
    const qtph = await orgToken(platform, 'qtph');
    const linan = await orgToken(platform, 'linan');
    const jiuzhou = await orgToken(platform, 'jiuzhou');
    const wangfang = (await patientLogin(platform, MOBILE.wangfang)).token;
    const lina = (await patientLogin(platform, MOBILE.lina)).token;

    const hold = await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_2/hold', { token: wangfang });
    await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/release', { token: qtph, body: { releasedCount: 7 } });
    await call(platform, 'POST', '/v1/slots/slt_wanggang_0603am_1/release', { token: linan, body: { releasedCount: 9 } });

    const ids = async (token: string) => ((await call(platform, 'GET', '/v1/events', { token })).body.data as { id: string; type: string }[]).map((e) => `${e.id} ${e.type}`);
    expect(await ids(wangfang)).toEqual(['evt_00000001 appointment.held']);
    expect(await ids(qtph)).toEqual(['evt_00000001 appointment.held', 'evt_00000002 slot.released']);
    expect(await ids(linan)).toEqual(['evt_00000003 slot.released']);
    expect(await ids(lina)).toEqual([]);
    expect(await ids(jiuzhou)).toEqual([]);

    const [event] = (await call(platform, 'GET', '/v1/events', { token: wangfang })).body.data;
    expect(event).toEqual({
      id: 'evt_00000001',
      type: 'appointment.held',
      createdAt: '2026-06-01T08:00:00+08:00',
      data: { object: 'appointment', id: hold.body.id, status: 'pending', organizationId: 'org_qtph', patientId: 'pat_wangfang' },
    });
  });

  it('reads on after an id (exclusive), pages by limit, filters by type', async () => {
    const platform = testPlatform();
    const qtph = await orgToken(platform, 'qtph');
    for (const count of [7, 8, 9, 10]) {
      await call(platform, 'POST', '/v1/slots/slt_zhangwei_0603am_1/release', { token: qtph, body: { releasedCount: count } });
    }
    await call(platform, 'POST', '/v1/appointments/apt_lina_0601/check-in', { token: qtph });
    const first = (await call(platform, 'GET', '/v1/events?limit=2', { token: qtph })).body;
    expect(first.data.map((e: { id: string }) => e.id)).toEqual(['evt_00000001', 'evt_00000002']);
    expect(first.nextCursor).toBe('evt_00000002');
    const next = (await call(platform, 'GET', `/v1/events?after=${first.nextCursor}&limit=2`, { token: qtph })).body;
    expect(next.data.map((e: { id: string }) => e.id)).toEqual(['evt_00000003', 'evt_00000004']);
    const last = (await call(platform, 'GET', '/v1/events?after=evt_00000004', { token: qtph })).body;
    expect(last.data.map((e: { type: string }) => e.type)).toEqual(['appointment.checked_in']);
    expect((await call(platform, 'GET', '/v1/events?after=evt_00000005', { token: qtph })).body).toEqual({ data: [], nextCursor: null });
    const typed = (await call(platform, 'GET', '/v1/events?type=appointment.checked_in', { token: qtph })).body;
    expect(typed.data.map((e: { id: string }) => e.id)).toEqual(['evt_00000005']);
    const bad = await call(platform, 'GET', '/v1/events?after=yesterday', { token: qtph });
    expect(bad.body.errors).toEqual([{ pointer: '/query/after', code: 'pattern', message: expect.any(String) }]);
  });
});
