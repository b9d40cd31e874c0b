import { describe, expect, it } from 'vitest';
import { call, MOBILE, orgToken, patientLogin, testPlatform } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';
import { pointsFor, tierFor } from './rules.js';

async function world() {
  const platform = testPlatform();
  return { platform, jiuzhou: await orgToken(platform, 'jiuzhou'), renai: await orgToken(platform, 'renai') };
}

const post = (platform: MockPlatform, path: string, token: string, body?: unknown) =>
  call(platform, 'POST', path, { token, ...(body === undefined ? {} : { body }) });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });
const money = (amountFen: number) => ({ amountFen, currency: 'CNY' });
const membershipEvents = async (platform: MockPlatform, token: string) =>
  ((await get(platform, '/v1/events?limit=100', token)).body.data as { type: string; data: { id: string; status: string } }[])
    .filter((event) => event.type.startsWith('membership.'))
    .map((event) => `${event.type} ${event.data.id} ${event.data.status}`);

describe('pharmacy membership', () => {
  it('enrols a patient as bronze, earns 1 point per whole yuan, rises through the tiers and redeems', async () => {
    const { platform, jiuzhou } = await world();
    const enrolled = await post(platform, '/v1/pharmacy-members', jiuzhou, { patientId: 'pat_wangfang' });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ pharmacyId: 'org_jiuzhou', patientId: 'pat_wangfang', tier: 'bronze', points: 0, totalSpent: money(0) });
    const id = enrolled.body.id as string;

    const first = await post(platform, `/v1/pharmacy-members/${id}/purchases`, jiuzhou, { amount: money(99999), reference: 'JZ-1' });
    expect(first.body).toMatchObject({ points: 999, lifetimePoints: 999, tier: 'bronze', totalSpent: money(99999) });
    const second = await post(platform, `/v1/pharmacy-members/${id}/purchases`, jiuzhou, { amount: money(150), reference: 'JZ-2' });
    expect(second.body).toMatchObject({ points: 1000, tier: 'silver' });
    const gold = await post(platform, `/v1/pharmacy-members/${id}/purchases`, jiuzhou, { amount: money(400000), reference: 'JZ-3' });
    expect(gold.body).toMatchObject({ points: 5000, lifetimePoints: 5000, tier: 'gold' });

    const redeemed = await post(platform, `/v1/pharmacy-members/${id}/redemptions`, jiuzhou, { points: 4500 });
    // The tier follows lifetime points: spending them keeps gold.
    expect(redeemed.body).toMatchObject({ points: 500, lifetimePoints: 5000, tier: 'gold' });

    const { token } = await patientLogin(platform, MOBILE.wangfang);
    expect(await membershipEvents(platform, token)).toEqual([
      `membership.enrolled ${id} bronze`,
      `membership.points_earned ${id} bronze`,
      `membership.points_earned ${id} bronze`,
      `membership.tier_changed ${id} silver`,
      `membership.points_earned ${id} silver`,
      `membership.tier_changed ${id} gold`,
      `membership.points_redeemed ${id} gold`,
    ]);
  });

  it('counts points in integer fen: the remainder below a yuan earns nothing', () => {
    expect([pointsFor(0), pointsFor(99), pointsFor(100), pointsFor(12850)]).toEqual([0, 0, 1, 128]);
    expect([tierFor(999), tierFor(1000), tierFor(4999), tierFor(5000)]).toEqual(['bronze', 'silver', 'silver', 'gold']);
  });

  it('BR-MEM-1: a redemption above the balance is refused with INSUFFICIENT_POINTS and the balance stays', async () => {
    const { platform, jiuzhou } = await world();
    const refused = await post(platform, '/v1/pharmacy-members/mbr_zhaolei_jiuzhou/redemptions', jiuzhou, { points: 81 });
    expect([refused.status, refused.body.code]).toEqual([409, 'INSUFFICIENT_POINTS']);
    expect((await get(platform, '/v1/pharmacy-members/mbr_zhaolei_jiuzhou', jiuzhou)).body.points).toBe(80);
    expect((await post(platform, '/v1/pharmacy-members/mbr_zhaolei_jiuzhou/redemptions', jiuzhou, { points: 80 })).body.points).toBe(0);
  });

  it('refuses a second membership at the same pharmacy with ALREADY_ENROLLED, and an unknown patient with 404', async () => {
    const { platform, jiuzhou, renai } = await world();
    const again = await post(platform, '/v1/pharmacy-members', jiuzhou, { patientId: 'pat_lina' });
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_ENROLLED']);
    expect((await post(platform, '/v1/pharmacy-members', renai, { patientId: 'pat_lina' })).status).toBe(201);
    expect((await post(platform, '/v1/pharmacy-members', jiuzhou, { patientId: 'pat_nobody' })).status).toBe(404);
  });

  it('shows a membership to its pharmacy and its patient only; another pharmacy gets 404 for every action', async () => {
    const { platform, renai } = await world();
    const lina = await patientLogin(platform, MOBILE.lina);
    const wangfang = await patientLogin(platform, MOBILE.wangfang);
    expect((await get(platform, '/v1/pharmacy-members/mbr_lina_jiuzhou', lina.token)).body.points).toBe(1200);
    expect((await get(platform, '/v1/pharmacy-members', lina.token)).body.data.map((m: { id: string }) => m.id)).toEqual(['mbr_lina_jiuzhou']);
    expect((await get(platform, '/v1/pharmacy-members/mbr_lina_jiuzhou', wangfang.token)).status).toBe(404);
    expect((await get(platform, '/v1/pharmacy-members/mbr_lina_jiuzhou', renai)).status).toBe(404);
    expect((await get(platform, '/v1/pharmacy-members', renai)).body.data).toEqual([]);
    expect((await post(platform, '/v1/pharmacy-members/mbr_lina_jiuzhou/purchases', renai, { amount: money(100), reference: 'R-1' })).status).toBe(404);
    expect((await post(platform, '/v1/pharmacy-members/mbr_lina_jiuzhou/redemptions', renai, { points: 1 })).status).toBe(404);
    // Patients read their memberships but do not change them.
    const denied = await post(platform, '/v1/pharmacy-members/mbr_lina_jiuzhou/redemptions', lina.token, { points: 1 });
    expect([denied.status, denied.body.code]).toEqual([403, 'INSUFFICIENT_SCOPE']);
  });
});
