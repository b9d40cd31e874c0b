import { createMockPlatform } from '@careloop/mocks';
import { describe, expect, it } from 'vitest';
import { runOnlineFollowUp } from '../src/follow-up.js';

describe('examples/online-follow-up', () => {
  it('runs a follow-up from request to a prescription routed to the chosen pharmacy', async () => {
    const platform = createMockPlatform({ validateResponses: true });
    const lines: string[] = [];
    const result = await runOnlineFollowUp({
      baseUrl: 'https://api.careloop.dev',
      fetch: platform.fetch,
      clientId: 'cli_qtih',
      clientSecret: 'sk_sandbox_qtih',
      mobile: '13800000001',
      log: (line) => lines.push(line),
    });

    expect(result.encounter).toMatchObject({ status: 'completed', type: 'online-follow-up', patientId: 'pat_lina', evidenceDocumentId: 'doc_lina_20251118' });
    expect(result.diagnoses).toContain('E11.9');
    expect(result.prescription).toMatchObject({
      status: 'active',
      encounterId: result.encounter.id,
      pharmacyId: result.pharmacyId,
      routing: { pharmacyId: result.pharmacyId, method: 'pickup', status: 'requested' },
    });
    expect(result.prescription.signature?.practitionerId).toBe('prc_qianhui');
    expect(result.prescription.reviews.at(-1)).toMatchObject({ outcome: 'approved', pharmacistId: 'prc_heping' });
    expect(lines).toHaveLength(6);
  });
});
