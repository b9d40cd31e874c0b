import { describe, expect, it } from 'vitest';
import { call, orgToken, testPlatform } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';

async function world() {
  const platform = testPlatform();
  return {
    platform,
    qtph: await orgToken(platform, 'qtph'),
    qtih: await orgToken(platform, 'qtih'),
    jiuzhou: await orgToken(platform, 'jiuzhou'),
    renai: await orgToken(platform, 'renai'),
    huadong: await orgToken(platform, 'huadong'),
  };
}

const post = (platform: MockPlatform, path: string, token: string, body?: unknown) =>
  call(platform, 'POST', path, { token, ...(body === undefined ? {} : { body }) });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });
const eventsOf = async (platform: MockPlatform, token: string, prefix: string) =>
  ((await get(platform, '/v1/events?limit=100', token)).body.data as { type: string; data: { id: string } }[])
    .filter((event) => event.type.startsWith(prefix))
    .map((event) => `${event.type} ${event.data.id}`);

const money = (amountFen: number) => ({ amountFen, currency: 'CNY' });
const CAMPAIGN = {
  allianceId: 'all_qiantang',
  manufacturerId: 'org_huadong',
  drugId: 'drg_insulin_glargine',
  tiers: [
    { minQuantity: 1, unitPrice: money(15000) },
    { minQuantity: 100, unitPrice: money(13800) },
    { minQuantity: 500, unitPrice: money(12500) },
  ],
  closesAt: '2026-06-10T18:00:00+08:00',
};
const DAY_MS = 24 * 3600 * 1000;

describe('a procurement campaign from opening to stock on the shelf', () => {
  it('opens, takes commitments, closes at the tier price, orders, and the order goes draft → received into inventory', async () => {
    const { platform, qtph, jiuzhou, huadong } = await world();
    const created = await post(platform, '/v1/procurement-campaigns', qtph, CAMPAIGN);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'open', organizationId: 'org_qtph', committedQuantity: 0, unitPrice: null });
    const id = created.body.id as string;

    expect((await post(platform, `/v1/procurement-campaigns/${id}/commitments`, jiuzhou, { quantity: 60 })).status).toBe(201);
    expect((await post(platform, `/v1/procurement-campaigns/${id}/commitments`, jiuzhou, { quantity: 50 })).body).toMatchObject({ pharmacyId: 'org_jiuzhou', quantity: 50 });
    const closed = await post(platform, `/v1/procurement-campaigns/${id}/close`, qtph);
    expect(closed.body).toMatchObject({ status: 'closed', committedQuantity: 110, unitPrice: money(13800), closedAt: '2026-06-01T08:00:00+08:00' });
    expect((await post(platform, `/v1/procurement-campaigns/${id}/order`, qtph)).body.status).toBe('ordered');

    const orders = (await get(platform, `/v1/purchase-orders?campaignId=${id}`, jiuzhou)).body.data;
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'draft', pharmacyId: 'org_jiuzhou', manufacturerId: 'org_huadong', quantity: 110, unitPrice: money(13800), totalAmount: money(1518000) });
    const orderId = orders[0].id as string;
    const stockBefore = (await get(platform, '/v1/inventory/inv_jiuzhou_insulin', jiuzhou)).body;

    expect((await post(platform, `/v1/purchase-orders/${orderId}/submit`, jiuzhou)).body.status).toBe('submitted');
    expect((await post(platform, `/v1/purchase-orders/${orderId}/confirm`, huadong)).body.status).toBe('confirmed');
    const shipped = await post(platform, `/v1/purchase-orders/${orderId}/ship`, huadong, { lotNumber: 'IG2606Q', expiryDate: '2028-05-31' });
    expect(shipped.body.shipment).toEqual({ lotNumber: 'IG2606Q', expiryDate: '2028-05-31', shippedAt: '2026-06-01T08:00:00+08:00' });
    const received = await post(platform, `/v1/purchase-orders/${orderId}/receive`, jiuzhou);
    expect(received.body).toMatchObject({ status: 'received', receivedAt: '2026-06-01T08:00:00+08:00' });

    const stockAfter = (await get(platform, '/v1/inventory/inv_jiuzhou_insulin', jiuzhou)).body;
    expect(stockAfter.onHand).toBe(stockBefore.onHand + 110);
    expect(stockAfter.lots).toContainEqual({ lotNumber: 'IG2606Q', expiryDate: '2028-05-31', quantity: 110 });

    expect(await eventsOf(platform, jiuzhou, 'purchase_order.')).toEqual(
      ['created', 'submitted', 'confirmed', 'shipped', 'received'].map((step) => `purchase_order.${step} ${orderId}`),
    );
    expect(await eventsOf(platform, jiuzhou, 'inventory_item.')).toEqual(['inventory_item.updated inv_jiuzhou_insulin']);
    // The manufacturer sees the campaign's and the order's events; the lead sees the commitments.
    expect(await eventsOf(platform, huadong, 'procurement_campaign.')).toEqual(['opened', 'closed', 'ordered'].map((step) => `procurement_campaign.${step} ${id}`));
    expect(await eventsOf(platform, huadong, 'purchase_order.')).toHaveLength(5);
    expect(await eventsOf(platform, qtph, 'procurement_commitment.')).toHaveLength(2);
  });

  it('receiving a drug the pharmacy never stocked creates its inventory item at the purchase price', async () => {
    const { platform, qtph, jiuzhou, huadong } = await world();
    // Jiuzhou stocks no diazepam yet.
    const id = (await post(platform, '/v1/procurement-campaigns', qtph, { ...CAMPAIGN, drugId: 'drg_diazepam_25' })).body.id as string;
    await post(platform, `/v1/procurement-campaigns/${id}/commitments`, jiuzhou, { quantity: 30 });
    await post(platform, `/v1/procurement-campaigns/${id}/close`, qtph);
    await post(platform, `/v1/procurement-campaigns/${id}/order`, qtph);
    const orderId = (await get(platform, `/v1/purchase-orders?campaignId=${id}`, jiuzhou)).body.data[0].id as string;
    await post(platform, `/v1/purchase-orders/${orderId}/submit`, jiuzhou);
    await post(platform, `/v1/purchase-orders/${orderId}/confirm`, huadong);
    await post(platform, `/v1/purchase-orders/${orderId}/ship`, huadong, { lotNumber: 'DZ2606A', expiryDate: '2028-06-30' });
    await post(platform, `/v1/purchase-orders/${orderId}/receive`, jiuzhou);
    const item = (await get(platform, '/v1/inventory/inv_jiuzhou_diazepam_25', jiuzhou)).body;
    expect(item).toMatchObject({ drugId: 'drg_diazepam_25', onHand: 30, reserved: 0, unitPrice: money(15000) });
  });
});

describe('BR-PRC-1 and the campaign rules', () => {
  it('BR-PRC-1: the unit price is the tier of the total committed volume and every commitment pays it', async () => {
    const { platform, qtph, jiuzhou } = await world();
    // 1200 seeded + 3900: the total 5100 reaches the 5000 tier though no single commitment does.
    expect((await post(platform, '/v1/procurement-campaigns/pcc_metformin_open/commitments', jiuzhou, { quantity: 3900 })).status).toBe(201);
    const closed = await post(platform, '/v1/procurement-campaigns/pcc_metformin_open/close', qtph);
    expect(closed.body).toMatchObject({ committedQuantity: 5100, unitPrice: money(25) });
    await post(platform, '/v1/procurement-campaigns/pcc_metformin_open/order', qtph);
    const [order] = (await get(platform, '/v1/purchase-orders?campaignId=pcc_metformin_open', jiuzhou)).body.data;
    expect(order).toMatchObject({ quantity: 5100, unitPrice: money(25), totalAmount: money(5100 * 25) });
  });

  it('BR-PRC-1: below the second tier the first tier price applies', async () => {
    const { platform, qtph } = await world();
    const id = (await post(platform, '/v1/procurement-campaigns', qtph, CAMPAIGN)).body.id as string;
    expect((await post(platform, `/v1/procurement-campaigns/${id}/close`, qtph)).body).toMatchObject({ committedQuantity: 0, unitPrice: money(15000) });
  });

  it('refuses a commitment from an organization that is not a pharmacy member of the alliance with NOT_IN_ALLIANCE', async () => {
    const { platform, renai, qtph } = await world();
    for (const token of [renai, qtph]) {
      const refused = await post(platform, '/v1/procurement-campaigns/pcc_metformin_open/commitments', token, { quantity: 10 });
      expect([refused.status, refused.body.code]).toEqual([422, 'NOT_IN_ALLIANCE']);
    }
  });

  it('refuses a commitment after closesAt with CAMPAIGN_CLOSED, and the timer has closed the campaign at its price', async () => {
    const { platform } = await world();
    platform.clock.advance(15 * DAY_MS);
    const jiuzhou = await orgToken(platform, 'jiuzhou');
    const refused = await post(platform, '/v1/procurement-campaigns/pcc_metformin_open/commitments', jiuzhou, { quantity: 10 });
    expect([refused.status, refused.body.code]).toEqual([409, 'CAMPAIGN_CLOSED']);
    const campaign = (await get(platform, '/v1/procurement-campaigns/pcc_metformin_open', jiuzhou)).body;
    expect(campaign).toMatchObject({ status: 'closed', unitPrice: money(28), closedAt: '2026-06-15T18:00:00+08:00' });
  });

  it('refuses a commitment to a closed campaign with CAMPAIGN_CLOSED', async () => {
    const { platform, jiuzhou } = await world();
    const refused = await post(platform, '/v1/procurement-campaigns/pcc_amlodipine_closed/commitments', jiuzhou, { quantity: 10 });
    expect([refused.status, refused.body.code]).toEqual([409, 'CAMPAIGN_CLOSED']);
  });

  it('refuses tiers that do not start at 1 and rise strictly, and a closing time in the past', async () => {
    const { platform, qtph } = await world();
    const tiers = [{ minQuantity: 1, unitPrice: money(100) }, { minQuantity: 1, unitPrice: money(90) }];
    const refused = await post(platform, '/v1/procurement-campaigns', qtph, { ...CAMPAIGN, tiers });
    expect([refused.status, refused.body.code, refused.body.errors[0].pointer]).toEqual([400, 'VALIDATION_FAILED', '/body/tiers/1/minQuantity']);
    const late = await post(platform, '/v1/procurement-campaigns', qtph, { ...CAMPAIGN, closesAt: '2026-05-31T18:00:00+08:00' });
    expect([late.status, late.body.errors[0].pointer]).toEqual([400, '/body/closesAt']);
  });

  it('moves campaigns and orders only along their state machines (INVALID_STATE_TRANSITION)', async () => {
    const { platform, qtph, jiuzhou } = await world();
    const reclose = await post(platform, '/v1/procurement-campaigns/pcc_amlodipine_closed/close', qtph);
    expect([reclose.status, reclose.body.code, reclose.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'closed']);
    const early = await post(platform, '/v1/procurement-campaigns/pcc_metformin_open/order', qtph);
    expect([early.status, early.body.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
    const receiveDraft = await post(platform, '/v1/purchase-orders/po_jiuzhou_draft/receive', jiuzhou);
    expect([receiveDraft.status, receiveDraft.body.code, receiveDraft.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'draft']);
  });
});

describe('procurement tenancy', () => {
  it('only the alliance lead opens, closes and orders campaigns; others get 404', async () => {
    const { platform, qtih, jiuzhou } = await world();
    expect((await post(platform, '/v1/procurement-campaigns', qtih, CAMPAIGN)).status).toBe(404);
    expect((await post(platform, '/v1/procurement-campaigns/pcc_metformin_open/close', qtih)).status).toBe(404);
    expect((await post(platform, '/v1/procurement-campaigns/pcc_amlodipine_closed/order', jiuzhou)).status).toBe(404);
  });

  it('a purchase order is visible to its pharmacy and manufacturer only, each acting on its own steps', async () => {
    const { platform, renai, jiuzhou, huadong, qtph } = await world();
    expect((await get(platform, '/v1/purchase-orders/po_jiuzhou_draft', huadong)).status).toBe(200);
    expect((await get(platform, '/v1/purchase-orders/po_jiuzhou_draft', renai)).body.code).toBe('NOT_FOUND');
    expect((await get(platform, '/v1/purchase-orders', qtph)).body.data).toEqual([]);
    expect((await get(platform, '/v1/purchase-orders', huadong)).body.data).toHaveLength(4);
    // The manufacturer holds procurement:supply, not procurement:write; pharmacies the other way round.
    expect((await post(platform, '/v1/purchase-orders/po_jiuzhou_draft/submit', huadong)).body.code).toBe('INSUFFICIENT_SCOPE');
    expect((await post(platform, '/v1/purchase-orders/po_jiuzhou_submitted/confirm', jiuzhou)).body.code).toBe('INSUFFICIENT_SCOPE');
    expect((await post(platform, '/v1/purchase-orders/po_jiuzhou_draft/submit', renai)).status).toBe(404);
  });
});
