import { createMockPlatform } from '@careloop/mocks';
import { describe, expect, it } from 'vitest';
import { runClosedLoop } from '../src/closed-loop.js';

describe('examples/closed-loop', () => {
  it('accounts for every fen of the loop: national insurance, patient, insurer, statements', async () => {
    const platform = createMockPlatform({ validateResponses: true });
    const lines: string[] = [];
    const result = await runClosedLoop({
      baseUrl: 'https://api.careloop.dev',
      fetch: platform.fetch,
      advanceClock: async (seconds) => platform.clock.advance(seconds * 1000),
      log: (line) => lines.push(line),
    });

    const { consultationOrder, drugOrder, claim, statements } = result;
    for (const order of [consultationOrder, drugOrder]) {
      expect(order.status).toBe('paid');
      expect(order.lines.reduce((sum, line) => sum + line.amount.amountFen, 0)).toBe(order.total.amountFen);
    }
    // Every fen of each order is in its payee's statement: patient payments plus insurance shares.
    const statementOf = (organizationId: string) => (organizationId === 'org_jiuzhou' ? statements.pharmacy : statements.hospital);
    for (const order of [consultationOrder, drugOrder]) {
      const received = statementOf(order.organizationId)
        .lines.filter((line) => line.orderId === order.id)
        .reduce((sum, line) => sum + line.amount.amountFen, 0);
      expect(received).toBe(order.total.amountFen);
    }
    for (const statement of [statements.hospital, statements.pharmacy]) {
      expect(statement.totals.reduce((sum, total) => sum + total.amount.amountFen, 0)).toBe(statement.net.amountFen);
      expect(statement.lines.reduce((sum, line) => sum + line.amount.amountFen, 0)).toBe(statement.net.amountFen);
    }
    // The insurer paid the patient what national insurance did not (BR-INS-1), never more than the patient paid.
    expect(claim).toMatchObject({ status: 'paid', payment: { payee: 'patient' } });
    const patientPaid = consultationOrder.patientDue.amountFen + drugOrder.patientDue.amountFen;
    expect((claim.totalBenefit?.amountFen ?? 0)).toBeGreaterThan(0);
    expect((claim.totalBenefit?.amountFen ?? 0)).toBeLessThanOrEqual(patientPaid);
    // The readable ledger ends the run.
    expect(lines.slice(-result.ledger.length)).toEqual(result.ledger);
    expect(result.ledger[0]).toMatch(/^order\s+payee\s+total/);
  });
});
