import { createMockPlatform } from '@careloop/mocks';
import { describe, expect, it } from 'vitest';
import { fulfilNextDelivery } from '../src/fulfilment.js';

describe('examples/pharmacy-fulfilment', () => {
  it('accepts, dispenses, ships and delivers the first delivery in the inbox, moving stock', async () => {
    const platform = createMockPlatform({ validateResponses: true });
    const lines: string[] = [];
    const result = await fulfilNextDelivery({
      baseUrl: 'https://api.careloop.dev',
      fetch: platform.fetch,
      clientId: 'cli_jiuzhou',
      clientSecret: 'sk_sandbox_jiuzhou',
      pharmacistId: 'prc_jiangtao',
      log: (line) => lines.push(line),
    });

    expect(result.accepted.routing).toMatchObject({ pharmacyId: 'org_jiuzhou', method: 'delivery', status: 'accepted' });
    expect(result.dispensed.dispense).toMatchObject({ pharmacistId: 'prc_jiangtao', partial: false });
    expect(result.delivered).toMatchObject({ status: 'completed', routing: { status: 'completed' }, delivery: { status: 'delivered' } });
    expect(result.delivered.delivery?.history.map((step) => step.status)).toEqual(['shipped', 'in-transit', 'delivered']);

    // Accepting reserves each item; dispensing takes it off the shelf and ends the reservation.
    for (const { drugId, before, reserved, after } of result.stock) {
      const quantity = result.accepted.items.find((item) => item.drugId === drugId)?.quantity ?? 0;
      expect(quantity).toBeGreaterThan(0);
      expect(reserved.reserved - before.reserved).toBe(quantity);
      expect(reserved.onHand).toBe(before.onHand);
      expect(after.onHand).toBe(before.onHand - quantity);
      expect(after.reserved).toBe(before.reserved);
    }
    expect(lines.some((line) => line.startsWith('Inbox: '))).toBe(true);
  });
});
