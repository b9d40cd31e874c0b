import { createMockPlatform } from '@careloop/mocks';
import { describe, expect, it } from 'vitest';
import { runClaimsDesk } from '../src/claims.js';

describe('examples/insurer-claims', () => {
  it('checks eligibility, adjudicates a direct-billing claim on the clock and pays the benefits', async () => {
    const platform = createMockPlatform({ validateResponses: true });
    const lines: string[] = [];
    const result = await runClaimsDesk({
      baseUrl: 'https://api.careloop.dev',
      fetch: platform.fetch,
      insurer: { clientId: 'cli_anxin', clientSecret: 'sk_sandbox_anxin' },
      hospital: { clientId: 'cli_linan', clientSecret: 'sk_sandbox_linan' },
      advanceClock: async (seconds) => platform.clock.advance(seconds * 1000),
      log: (line) => lines.push(line),
    });

    expect(result.eligibility).toMatchObject({ eligible: true, coverageId: 'cov_zhaolei_aco' });
    expect(result.submitted.status).not.toBe('adjudicated');
    expect(result.submitted.lines.map((line) => line.controlNumber)).toEqual([`${result.submitted.id}-1`, `${result.submitted.id}-2`]);
    expect(result.adjudicated.status).toBe('adjudicated');
    // BR-INS-1: of the 120-yuan drug line national insurance paid 84; at most 36 is eligible.
    const [consultation, drug] = result.adjudicated.lines;
    expect(consultation?.eob?.eligible.amountFen).toBe(5000);
    expect(drug?.eob?.eligible.amountFen).toBe(3600);
    expect(result.adjudicated.outcome).toBe('partial');
    for (const line of result.adjudicated.lines) {
      const eob = line.eob;
      expect(eob).toBeTruthy();
      if (eob) expect(eob.benefit.amountFen).toBe(eob.eligible.amountFen - eob.deductible.amountFen - eob.coPay.amountFen);
    }
    expect(result.paid).toMatchObject({ status: 'paid', payment: { payee: 'provider', amount: result.adjudicated.totalBenefit } });
    expect(lines.length).toBeGreaterThanOrEqual(6);
  });
});
