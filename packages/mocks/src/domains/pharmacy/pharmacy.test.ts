import { describe, expect, it } from 'vitest';
import { call, MOBILE, orgToken, patientLogin, testPlatform } from '../../../test/helpers.js';
import { DomainError } from '../../engine/problem.js';
import type { MockPlatform } from '../../index.js';
import { createServices } from '../../world.js';
import type { PlatformServices } from '../../services.js';
import { SEED_DRUGS } from '../prescriptions/drugs.js';
import { seedPharmacy } from './seed.js';
import { PharmacyService } from './service.js';

async function world() {
  const platform = testPlatform();
  return {
    platform,
    jiuzhou: await orgToken(platform, 'jiuzhou'),
    renai: await orgToken(platform, 'renai'),
    qtih: await orgToken(platform, 'qtih'),
    lina: (await patientLogin(platform, MOBILE.lina)).token,
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

const AMLODIPINE_14 = { pharmacistId: 'prc_jiangtao', lines: [{ drugId: 'drg_amlodipine_5', quantity: 14 }] };
const stockOf = async (platform: MockPlatform, token: string, id: string) => (await get(platform, `/v1/inventory/${id}`, token)).body as { onHand: number; reserved: number; available: number; lots: { lotNumber: string; quantity: number }[] };

describe('accepting a routed prescription', () => {
  it('BR-RX-7: accepting reserves every item, locks it to the pharmacy (no re-routing) and emits prescription.accepted', async () => {
    const { platform, jiuzhou, qtih, lina } = await world();
    const accepted = await post(platform, '/v1/prescriptions/rx_lina_routed/accept', jiuzhou, { pharmacistId: 'prc_jiangtao' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'active', pharmacyId: 'org_jiuzhou', routing: { status: 'accepted', method: 'delivery', acceptedAt: '2026-06-01T08:00:00+08:00' } });
    expect(await stockOf(platform, jiuzhou, 'inv_jiuzhou_metformin')).toMatchObject({ onHand: 200, reserved: 14, available: 186 });
    expect(await stockOf(platform, jiuzhou, 'inv_jiuzhou_acarbose')).toMatchObject({ onHand: 300, reserved: 21, available: 279 });
    // BR-RX-7: once accepted, the patient can no longer route it elsewhere.
    const reroute = await post(platform, '/v1/prescriptions/rx_lina_routed/route', lina, { pharmacyId: 'org_kangning', method: 'pickup' });
    expect([reroute.status, reroute.body.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
    const expected = { object: 'prescription', id: 'rx_lina_routed', status: 'active', organizationId: 'org_jiuzhou', patientId: 'pat_lina' };
    for (const token of [jiuzhou, qtih, lina]) expect((await eventsOf(platform, token, 'prescription.accepted')).map((event) => event.data)).toEqual([expected]);
    expect((await eventsOf(platform, jiuzhou, 'inventory_item.updated')).map((event) => event.data['id'])).toEqual(['inv_jiuzhou_metformin', 'inv_jiuzhou_acarbose']);
  });

  it('a second accept is an invalid transition', async () => {
    const { platform, jiuzhou } = await world();
    const again = await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/accept', jiuzhou);
    expect([again.status, again.body.code, again.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'accepted']);
  });

  it('beyond the available stock is refused with INSUFFICIENT_STOCK naming the drug and what is available', async () => {
    const { platform, lina, renai } = await world();
    // Li Na re-routes her unaccepted prescription to Renai, which has only 10 metformin tablets.
    expect((await post(platform, '/v1/prescriptions/rx_lina_routed/route', lina, { pharmacyId: 'org_renai', method: 'pickup' })).status).toBe(200);
    const refused = await post(platform, '/v1/prescriptions/rx_lina_routed/accept', renai);
    expect([refused.status, refused.body.code]).toEqual([409, 'INSUFFICIENT_STOCK']);
    expect(refused.body.detail).toBe('drg_metformin_500: 14 needed, 10 available at org_renai.');
    expect(await stockOf(platform, renai, 'inv_renai_metformin')).toMatchObject({ reserved: 0 });
  });

  it('BR-RX-5: an expired prescription is not accepted (PRESCRIPTION_EXPIRED)', async () => {
    const { platform } = await world();
    platform.clock.advance(24 * 3_600_000);
    const refused = await post(platform, '/v1/prescriptions/rx_lina_routed/accept', await orgToken(platform, 'jiuzhou'));
    expect([refused.status, refused.body.code]).toEqual([409, 'PRESCRIPTION_EXPIRED']);
  });

  it('BR-RX-2: a named accepting pharmacist must be one of this pharmacy (PHARMACIST_REQUIRED)', async () => {
    const { platform, jiuzhou } = await world();
    const refused = await post(platform, '/v1/prescriptions/rx_lina_routed/accept', jiuzhou, { pharmacistId: 'prc_songqi' });
    expect([refused.status, refused.body.code]).toEqual([403, 'PHARMACIST_REQUIRED']);
  });

  it('another pharmacy gets 404 for Jiuzhou\'s prescriptions', async () => {
    const { platform, renai } = await world();
    for (const [action, body] of [
      ['accept', undefined],
      ['decline', { reason: 'other' }],
      ['dispense', AMLODIPINE_14],
      ['hand-over', undefined],
      ['ship', { carrier: 'SF Express', trackingNumber: 'SF1' }],
      ['delivery', { status: 'delivered' }],
    ] as const) {
      const answer = await post(platform, `/v1/prescriptions/rx_zhaolei_accepted/${action}`, renai, body);
      expect([action, answer.status, answer.body.code]).toEqual([action, 404, 'NOT_FOUND']);
    }
  });
});

describe('declining a routed prescription', () => {
  it('moves the routing to declinedRoutings, clears the pharmacy, leaves stock untouched and tells patient and prescriber', async () => {
    const { platform, jiuzhou, qtih } = await world();
    const zhaolei = (await patientLogin(platform, MOBILE.zhaolei)).token;
    const declined = await post(platform, '/v1/prescriptions/rx_zhaolei_routed/decline', jiuzhou, { reason: 'out-of-stock', note: 'Back on Thursday' });
    expect(declined.status).toBe(200);
    expect(declined.body).toEqual({
      prescriptionId: 'rx_zhaolei_routed',
      pharmacyId: 'org_jiuzhou',
      method: 'pickup',
      status: 'rejected',
      rejection: { reason: 'out-of-stock', note: 'Back on Thursday' },
      requestedAt: '2026-06-01T07:38:00+08:00',
      declinedAt: '2026-06-01T08:00:00+08:00',
    });
    expect(await stockOf(platform, jiuzhou, 'inv_jiuzhou_amlodipine')).toMatchObject({ onHand: 100, reserved: 14 });
    expect((await get(platform, '/v1/prescriptions/rx_zhaolei_routed', jiuzhou)).status).toBe(404);
    const seen = (await get(platform, '/v1/prescriptions/rx_zhaolei_routed', zhaolei)).body;
    expect(seen).toMatchObject({ pharmacyId: null, routing: null, declinedRoutings: [{ pharmacyId: 'org_jiuzhou', status: 'rejected', rejection: { reason: 'out-of-stock' } }] });
    for (const token of [zhaolei, qtih]) {
      expect((await eventsOf(platform, token, 'prescription.routing_rejected')).map((event) => event.data)).toEqual([
        { object: 'prescription', id: 'rx_zhaolei_routed', status: 'active', organizationId: 'org_jiuzhou', patientId: 'pat_zhaolei', reason: 'out-of-stock' },
      ]);
    }
    // The patient may now route it elsewhere.
    expect((await post(platform, '/v1/prescriptions/rx_zhaolei_routed/route', zhaolei, { pharmacyId: 'org_kangning', method: 'pickup' })).status).toBe(200);
  });

  it('an accepted prescription is locked and cannot be declined', async () => {
    const { platform, jiuzhou } = await world();
    const refused = await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/decline', jiuzhou, { reason: 'other' });
    expect([refused.status, refused.body.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
  });
});

describe('dispensing', () => {
  it('consumes the stock (first-expiring lot first), ends the reservation and emits prescription.dispensed', async () => {
    const { platform, jiuzhou, qtih } = await world();
    const dispensed = await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/dispense', jiuzhou, AMLODIPINE_14);
    expect(dispensed.status).toBe(200);
    expect(dispensed.body).toMatchObject({
      status: 'active',
      routing: { status: 'in-progress' },
      dispense: { pharmacistId: 'prc_jiangtao', lines: [{ drugId: 'drg_amlodipine_5', quantity: 14, lotNumber: null }], partial: false, dispensedAt: '2026-06-01T08:00:00+08:00' },
    });
    const stock = await stockOf(platform, jiuzhou, 'inv_jiuzhou_amlodipine');
    expect(stock).toMatchObject({ onHand: 86, reserved: 0, available: 86 });
    expect(stock.lots).toEqual([expect.objectContaining({ lotNumber: 'AM2509C', quantity: 26 }), expect.objectContaining({ lotNumber: 'AM2603A', quantity: 60 })]);
    expect((await eventsOf(platform, qtih, 'prescription.dispensed')).map((event) => event.data['id'])).toEqual(['rx_zhaolei_accepted']);
    expect((await eventsOf(platform, jiuzhou, 'inventory_item.updated')).map((event) => event.data['id'])).toEqual(['inv_jiuzhou_amlodipine']);
  });

  it('takes a named lot first', async () => {
    const { platform, jiuzhou } = await world();
    const body = { pharmacistId: 'prc_jiangtao', lines: [{ drugId: 'drg_amlodipine_5', quantity: 14, lotNumber: 'AM2603A' }] };
    expect((await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/dispense', jiuzhou, body)).body.dispense.lines[0].lotNumber).toBe('AM2603A');
    expect((await stockOf(platform, jiuzhou, 'inv_jiuzhou_amlodipine')).lots.map((lot) => lot.quantity)).toEqual([40, 46]);
  });

  it('BR-RX-8: a second dispense is refused with PRESCRIPTION_ALREADY_USED', async () => {
    const { platform, jiuzhou } = await world();
    expect((await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/dispense', jiuzhou, AMLODIPINE_14)).status).toBe(200);
    const again = await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/dispense', jiuzhou, AMLODIPINE_14);
    expect([again.status, again.body.code]).toEqual([409, 'PRESCRIPTION_ALREADY_USED']);
    const seeded = await post(platform, '/v1/prescriptions/rx_lina_dispensed_pickup/dispense', jiuzhou, { pharmacistId: 'prc_jiangtao', lines: [{ drugId: 'drg_metformin_500', quantity: 14 }] });
    expect([seeded.status, seeded.body.code]).toEqual([409, 'PRESCRIPTION_ALREADY_USED']);
  });

  it('BR-RX-8: a partial fill is recorded, uses the prescription and releases the rest of the reservation', async () => {
    const { platform, jiuzhou } = await world();
    const partial = await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/dispense', jiuzhou, { pharmacistId: 'prc_jiangtao', lines: [{ drugId: 'drg_amlodipine_5', quantity: 10 }] });
    expect(partial.body.dispense).toMatchObject({ partial: true, lines: [{ quantity: 10 }] });
    expect(await stockOf(platform, jiuzhou, 'inv_jiuzhou_amlodipine')).toMatchObject({ onHand: 90, reserved: 0, available: 90 });
    const rest = await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/dispense', jiuzhou, { pharmacistId: 'prc_jiangtao', lines: [{ drugId: 'drg_amlodipine_5', quantity: 4 }] });
    expect([rest.status, rest.body.code]).toEqual([409, 'PRESCRIPTION_ALREADY_USED']);
  });

  it('an item left out is a partial fill', async () => {
    const { platform, jiuzhou } = await world();
    expect((await post(platform, '/v1/prescriptions/rx_lina_routed/accept', jiuzhou)).status).toBe(200);
    const answer = await post(platform, '/v1/prescriptions/rx_lina_routed/dispense', jiuzhou, { pharmacistId: 'prc_jiangtao', lines: [{ drugId: 'drg_metformin_500', quantity: 14 }] });
    expect(answer.body.dispense.partial).toBe(true);
    expect(await stockOf(platform, jiuzhou, 'inv_jiuzhou_acarbose')).toMatchObject({ onHand: 300, reserved: 0 });
  });

  it('more than prescribed, or a drug not prescribed, is refused with DISPENSE_EXCEEDS_PRESCRIBED', async () => {
    const { platform, jiuzhou } = await world();
    for (const line of [{ drugId: 'drg_amlodipine_5', quantity: 15 }, { drugId: 'drg_losartan_50', quantity: 1 }]) {
      const refused = await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/dispense', jiuzhou, { pharmacistId: 'prc_jiangtao', lines: [line] });
      expect([refused.status, refused.body.code]).toEqual([422, 'DISPENSE_EXCEEDS_PRESCRIBED']);
    }
    expect(await stockOf(platform, jiuzhou, 'inv_jiuzhou_amlodipine')).toMatchObject({ onHand: 100, reserved: 14 });
  });

  it('more than the named lot holds is refused with INSUFFICIENT_STOCK', async () => {
    const { platform, jiuzhou } = await world();
    // Today's count: only 10 tablets of lot AM2509C left (the rest were found damaged).
    const lots = [{ lotNumber: 'AM2509C', expiryDate: '2027-03-31', quantity: 10 }, { lotNumber: 'AM2603A', expiryDate: '2028-02-29', quantity: 60 }];
    expect((await post(platform, '/v1/inventory/sync', jiuzhou, { items: [{ drugId: 'drg_amlodipine_5', onHand: 70, unitPrice: price(120), lots }] })).status).toBe(200);
    const refused = await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/dispense', jiuzhou, { pharmacistId: 'prc_jiangtao', lines: [{ drugId: 'drg_amlodipine_5', quantity: 14, lotNumber: 'AM2509C' }] });
    expect([refused.status, refused.body.code]).toEqual([409, 'INSUFFICIENT_STOCK']);
    const unknownLot = await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/dispense', jiuzhou, { pharmacistId: 'prc_jiangtao', lines: [{ drugId: 'drg_amlodipine_5', quantity: 14, lotNumber: 'NOPE' }] });
    expect([unknownLot.status, unknownLot.body.code]).toEqual([409, 'INSUFFICIENT_STOCK']);
    expect((await get(platform, '/v1/prescriptions/rx_zhaolei_accepted', jiuzhou)).body.dispense).toBeNull();
  });

  it('BR-RX-2: a dispensing practitioner who is not a pharmacist of this pharmacy is refused with PHARMACIST_REQUIRED', async () => {
    const { platform, jiuzhou } = await world();
    for (const pharmacistId of ['prc_songqi', 'prc_qianhui', 'prc_nobody']) {
      const refused = await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/dispense', jiuzhou, { ...AMLODIPINE_14, pharmacistId });
      expect([refused.status, refused.body.code]).toEqual([403, 'PHARMACIST_REQUIRED']);
    }
  });

  it('a prescription not accepted yet cannot be dispensed', async () => {
    const { platform, jiuzhou } = await world();
    const refused = await post(platform, '/v1/prescriptions/rx_lina_routed/dispense', jiuzhou, { pharmacistId: 'prc_jiangtao', lines: [{ drugId: 'drg_metformin_500', quantity: 14 }] });
    expect([refused.status, refused.body.code, refused.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'requested']);
  });

  it('BR-RX-5: an expired prescription is never dispensed (PRESCRIPTION_EXPIRED)', async () => {
    const { platform } = await world();
    platform.clock.advance(17 * 3_600_000);
    const jiuzhou = await orgToken(platform, 'jiuzhou');
    const refused = await post(platform, '/v1/prescriptions/rx_zhaolei_accepted/dispense', jiuzhou, AMLODIPINE_14);
    expect([refused.status, refused.body.code]).toEqual([409, 'PRESCRIPTION_EXPIRED']);
    // Expiry released the reservation; nothing left the shelf.
    expect(await stockOf(platform, jiuzhou, 'inv_jiuzhou_amlodipine')).toMatchObject({ onHand: 100, reserved: 0 });
  });
});

describe('hand-over and delivery', () => {
  it('hand-over completes a dispensed pickup and emits handed_over then completed', async () => {
    const { platform, jiuzhou, lina } = await world();
    const handed = await post(platform, '/v1/prescriptions/rx_lina_dispensed_pickup/hand-over', jiuzhou);
    expect(handed.status).toBe(200);
    expect(handed.body).toMatchObject({ status: 'completed', routing: { status: 'completed', completedAt: '2026-06-01T08:00:00+08:00' } });
    const types = (await get(platform, '/v1/events?limit=100', lina)).body.data.map((event: { type: string }) => event.type);
    expect(types.slice(-2)).toEqual(['prescription.handed_over', 'prescription.completed']);
    const again = await post(platform, '/v1/prescriptions/rx_lina_dispensed_pickup/hand-over', jiuzhou);
    expect([again.status, again.body.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
  });

  it('a delivery prescription is not handed over, and a pickup one is not shipped', async () => {
    const { platform, jiuzhou } = await world();
    const handOver = await post(platform, '/v1/prescriptions/rx_lina_dispensed_delivery/hand-over', jiuzhou);
    expect([handOver.status, handOver.body.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
    const ship = await post(platform, '/v1/prescriptions/rx_lina_dispensed_pickup/ship', jiuzhou, { carrier: 'SF Express', trackingNumber: 'SF1' });
    expect([ship.status, ship.body.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
  });

  it('tracks a delivery: shipped → in-transit → delivered completes; illegal orders are refused', async () => {
    const { platform, jiuzhou, lina } = await world();
    const shipped = await post(platform, '/v1/prescriptions/rx_lina_dispensed_delivery/ship', jiuzhou, { carrier: 'SF Express', trackingNumber: 'SF1402338829461' });
    expect(shipped.body).toMatchObject({ status: 'active', delivery: { status: 'shipped', carrier: 'SF Express', trackingNumber: 'SF1402338829461' } });
    const twice = await post(platform, '/v1/prescriptions/rx_lina_dispensed_delivery/ship', jiuzhou, { carrier: 'SF Express', trackingNumber: 'SF2' });
    expect([twice.status, twice.body.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
    platform.clock.advance(3_600_000);
    expect((await post(platform, '/v1/prescriptions/rx_lina_dispensed_delivery/delivery', jiuzhou, { status: 'in-transit', note: 'Left the Hangzhou hub' })).body.delivery.status).toBe('in-transit');
    const delivered = await post(platform, '/v1/prescriptions/rx_lina_dispensed_delivery/delivery', jiuzhou, { status: 'delivered' });
    expect(delivered.body).toMatchObject({ status: 'completed', routing: { status: 'completed', completedAt: '2026-06-01T09:00:00+08:00' } });
    expect(delivered.body.delivery.history.map((step: { status: string }) => step.status)).toEqual(['shipped', 'in-transit', 'delivered']);
    const after = await post(platform, '/v1/prescriptions/rx_lina_dispensed_delivery/delivery', jiuzhou, { status: 'in-transit' });
    expect([after.status, after.body.code, after.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'delivered']);
    const types = (await get(platform, '/v1/events?limit=100', lina)).body.data.map((event: { type: string }) => event.type);
    expect(types.slice(-4)).toEqual(['prescription.shipped', 'prescription.delivery_updated', 'prescription.delivery_updated', 'prescription.completed']);
  });

  it('an unshipped prescription takes no tracking step', async () => {
    const { platform, jiuzhou } = await world();
    const refused = await post(platform, '/v1/prescriptions/rx_lina_dispensed_delivery/delivery', jiuzhou, { status: 'delivered' });
    expect([refused.status, refused.body.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
  });

  it('after a failed delivery the pharmacy ships again, keeping the tracking history', async () => {
    const { platform, jiuzhou } = await world();
    expect((await post(platform, '/v1/prescriptions/rx_lina_shipped/delivery', jiuzhou, { status: 'failed', note: 'Nobody home' })).body).toMatchObject({ status: 'active', delivery: { status: 'failed' } });
    const reshipped = await post(platform, '/v1/prescriptions/rx_lina_shipped/ship', jiuzhou, { carrier: 'SF Express', trackingNumber: 'SF1402338830999' });
    expect(reshipped.body.delivery).toMatchObject({ status: 'shipped', trackingNumber: 'SF1402338830999' });
    expect(reshipped.body.delivery.history.map((step: { status: string }) => step.status)).toEqual(['shipped', 'failed', 'shipped']);
  });
});

/** The platform's services on the seeded world, with a drug catalogue of the test's choosing. */
function servicesWith(drugs: PlatformServices['drugs']): PlatformServices {
  const services: PlatformServices = { ...createServices('pharmacy-test'), drugs };
  seedPharmacy(services);
  return services;
}

describe('BR-RX-9 at shipping', () => {
  it('BR-RX-9: a drug put on the online-sale prohibited list after routing is not shipped (DRUG_ONLINE_SALE_PROHIBITED)', () => {
    // The catalogue changed after Li Na chose delivery: metformin is now on the prohibited list.
    const drugs = new Map(SEED_DRUGS.map((drug) => [drug.id, drug]));
    const metformin = drugs.get('drg_metformin_500');
    if (!metformin) throw new Error('metformin is seeded');
    drugs.set(metformin.id, { ...metformin, onlineSale: { prohibited: true, reason: 'narrow-therapeutic-index' } });
    const services = servicesWith(drugs);
    const service = new PharmacyService(services);
    const nowMs = Date.parse('2026-06-01T08:00:00+08:00');
    let refusal: unknown;
    try {
      service.ship('org_jiuzhou', 'rx_lina_dispensed_delivery', { carrier: 'SF Express', trackingNumber: 'SF1' }, nowMs);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect([(refusal as DomainError).status, (refusal as DomainError).code]).toEqual([422, 'DRUG_ONLINE_SALE_PROHIBITED']);
    expect(services.prescriptions.get('rx_lina_dispensed_delivery')?.delivery).toBeNull();
  });
});

describe('in-store tele-consultation at Jiuzhou', () => {
  it('walks from the hospital\'s prescription to the patient leaving the counter with the medicine', async () => {
    const { platform, jiuzhou, qtih } = await world();
    const zhaolei = (await patientLogin(platform, MOBILE.zhaolei)).token;
    const created = await post(platform, '/v1/prescriptions', qtih, {
      encounterId: 'enc_zhaolei_instore',
      practitionerId: 'prc_qianhui',
      items: [{ drugId: 'drg_amlodipine_5', quantity: 7, dosage: '5 mg once daily in the morning', daysSupply: 7 }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await post(platform, `/v1/prescriptions/${id}/sign`, qtih, { practitionerId: 'prc_qianhui' })).body.status).toBe('pending-review');
    const approved = await post(platform, `/v1/prescriptions/${id}/review`, qtih, { pharmacistId: 'prc_heping', outcome: 'approved' });
    expect(approved.body).toMatchObject({ status: 'active', pharmacyId: 'org_jiuzhou', routing: { pharmacyId: 'org_jiuzhou', method: 'pickup', status: 'requested' } });

    expect((await post(platform, `/v1/prescriptions/${id}/accept`, jiuzhou, { pharmacistId: 'prc_jiangtao' })).body.routing.status).toBe('accepted');
    expect(await stockOf(platform, jiuzhou, 'inv_jiuzhou_amlodipine')).toMatchObject({ onHand: 100, reserved: 21 });
    const dispensed = await post(platform, `/v1/prescriptions/${id}/dispense`, jiuzhou, { pharmacistId: 'prc_jiangtao', lines: [{ drugId: 'drg_amlodipine_5', quantity: 7 }] });
    expect(dispensed.body).toMatchObject({ routing: { status: 'in-progress' }, dispense: { partial: false } });
    expect(await stockOf(platform, jiuzhou, 'inv_jiuzhou_amlodipine')).toMatchObject({ onHand: 93, reserved: 14 });
    const handed = await post(platform, `/v1/prescriptions/${id}/hand-over`, jiuzhou);
    expect(handed.body).toMatchObject({ status: 'completed', routing: { status: 'completed' } });

    const types = (await get(platform, '/v1/events?limit=100', zhaolei)).body.data
      .filter((event: { data: { id: string } }) => event.data.id === id)
      .map((event: { type: string }) => event.type);
    expect(types).toEqual(expect.arrayContaining(['prescription.accepted', 'prescription.dispensed', 'prescription.handed_over', 'prescription.completed']));
    expect(types.slice(-2)).toEqual(['prescription.handed_over', 'prescription.completed']);
  });
});
