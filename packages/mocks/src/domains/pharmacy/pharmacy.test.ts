import { describe, expect, it } from 'vitest';
import { call, orgToken, testPlatform } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';

async function world() {
  const platform = testPlatform();
  return {
    platform,
    jiuzhou: await orgToken(platform, 'jiuzhou'),
    renai: await orgToken(platform, 'renai'),
    qtih: await orgToken(platform, 'qtih'),
  };
}

const post = (platform: MockPlatform, path: string, token: string, body?: unknown) =>
  call(platform, 'POST', path, { token, ...(body === undefined ? {} : { body }) });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });

async function eventsOf(platform: MockPlatform, token: string, type: string) {
  const feed = await get(platform, `/v1/events?type=${type}&limit=100`, token);
  expect(feed.status).toBe(200);
  return feed.body.data as { type: string; data: Record<string, unknown> }[];
}

const price = (amountFen: number) => ({ amountFen, currency: 'CNY' });

describe('inventory', () => {
  it('lists only the pharmacy\'s own items, filtered by drug and low stock', async () => {
    const { platform, jiuzhou, renai } = await world();
    const metformin = await get(platform, '/v1/inventory?drugId=drg_metformin_500', jiuzhou);
    expect(metformin.status).toBe(200);
    expect(metformin.body.data).toEqual([
      expect.objectContaining({ id: 'inv_jiuzhou_metformin', pharmacyId: 'org_jiuzhou', onHand: 200, reserved: 0, available: 200 }),
    ]);
    const low = await get(platform, '/v1/inventory?lowStock=true', jiuzhou);
    expect(low.body.data.map((item: { drugId: string }) => item.drugId)).toEqual(['drg_albumin_10g', 'drg_amoxicillin_susp', 'drg_hepb_vaccine', 'drg_salbutamol_inhaler']);
    const renaiItems = await get(platform, '/v1/inventory?limit=100', renai);
    expect(renaiItems.body.data.every((item: { pharmacyId: string }) => item.pharmacyId === 'org_renai')).toBe(true);
    expect(renaiItems.body.data).toHaveLength(3);
  });

  it('pages through the items by drug id', async () => {
    const { platform, jiuzhou } = await world();
    const first = await get(platform, '/v1/inventory?limit=10', jiuzhou);
    expect(first.body.data).toHaveLength(10);
    const second = await get(platform, `/v1/inventory?limit=10&cursor=${encodeURIComponent(first.body.nextCursor)}`, jiuzhou);
    expect(second.body.data).toHaveLength(5);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers 404 for another pharmacy\'s item', async () => {
    const { platform, jiuzhou, renai } = await world();
    expect((await get(platform, '/v1/inventory/inv_jiuzhou_amlodipine', jiuzhou)).body).toMatchObject({ onHand: 100, reserved: 14, available: 86 });
    const other = await get(platform, '/v1/inventory/inv_jiuzhou_amlodipine', renai);
    expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses hospitals, which have no inventory scope', async () => {
    const { platform, qtih } = await world();
    const answer = await get(platform, '/v1/inventory', qtih);
    expect([answer.status, answer.body.code]).toEqual([403, 'INSUFFICIENT_SCOPE']);
  });

  it('sync upserts by drug, keeps reservations and emits inventory_item.updated per item', async () => {
    const { platform, jiuzhou } = await world();
    const answer = await post(platform, '/v1/inventory/sync', jiuzhou, {
      items: [
        { drugId: 'drg_amlodipine_5', onHand: 50, unitPrice: price(110), lots: [{ lotNumber: 'AM2603A', expiryDate: '2028-02-29', quantity: 50 }] },
        { drugId: 'drg_morphine_10', onHand: 5, unitPrice: price(300), lots: [{ lotNumber: 'MO2601A', expiryDate: '2027-06-30', quantity: 5 }] },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual([
      expect.objectContaining({ id: 'inv_jiuzhou_amlodipine', onHand: 50, reserved: 14, available: 36, unitPrice: price(110), updatedAt: '2026-06-01T08:00:00+08:00' }),
      expect.objectContaining({ id: 'inv_jiuzhou_morphine', drugId: 'drg_morphine_10', onHand: 5, reserved: 0, available: 5 }),
    ]);
    expect((await get(platform, '/v1/inventory/inv_jiuzhou_morphine', jiuzhou)).status).toBe(200);
    const events = await eventsOf(platform, jiuzhou, 'inventory_item.updated');
    expect(events.map((event) => event.data)).toEqual([
      { object: 'inventory_item', id: 'inv_jiuzhou_amlodipine', status: 'in-stock', organizationId: 'org_jiuzhou' },
      { object: 'inventory_item', id: 'inv_jiuzhou_morphine', status: 'low-stock', organizationId: 'org_jiuzhou' },
    ]);
  });

  it('sync below what is reserved is refused with INSUFFICIENT_STOCK and changes nothing', async () => {
    const { platform, jiuzhou } = await world();
    const answer = await post(platform, '/v1/inventory/sync', jiuzhou, {
      items: [
        { drugId: 'drg_metformin_500', onHand: 1, unitPrice: price(35), lots: [{ lotNumber: 'MF2511A', expiryDate: '2027-05-31', quantity: 1 }] },
        { drugId: 'drg_amlodipine_5', onHand: 10, unitPrice: price(120), lots: [{ lotNumber: 'AM2603A', expiryDate: '2028-02-29', quantity: 10 }] },
      ],
    });
    expect([answer.status, answer.body.code]).toEqual([409, 'INSUFFICIENT_STOCK']);
    expect((await get(platform, '/v1/inventory/inv_jiuzhou_metformin', jiuzhou)).body.onHand).toBe(200);
    expect(await eventsOf(platform, jiuzhou, 'inventory_item.updated')).toEqual([]);
  });

  it('sync names every bad line: unknown drug, lots not adding up, a drug twice', async () => {
    const { platform, jiuzhou } = await world();
    const lot = (quantity: number) => [{ lotNumber: 'X1', expiryDate: '2027-01-31', quantity }];
    const answer = await post(platform, '/v1/inventory/sync', jiuzhou, {
      items: [
        { drugId: 'drg_unknown', onHand: 5, unitPrice: price(10), lots: lot(5) },
        { drugId: 'drg_acarbose_50', onHand: 5, unitPrice: price(10), lots: lot(4) },
        { drugId: 'drg_losartan_50', onHand: 5, unitPrice: price(10), lots: lot(5) },
        { drugId: 'drg_losartan_50', onHand: 5, unitPrice: price(10), lots: lot(5) },
      ],
    });
    expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(answer.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/body/items/0/drugId', '/body/items/1/lots', '/body/items/3/drugId']);
    expect((await get(platform, '/v1/inventory/inv_jiuzhou_acarbose', jiuzhou)).body.onHand).toBe(300);
  });
});
