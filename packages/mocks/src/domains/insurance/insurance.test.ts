import { describe, expect, it } from 'vitest';
import { MOBILE, call, orgToken, patientLogin, testPlatform, directContext, organizationCaller, seededServices, SEEDED_NOW } from '../../../test/helpers.js';
import type { Caller } from '../../engine/auth.js';
import type { MockPlatform } from '../../index.js';
import { createInsuranceDomain } from './domain.js';
import { coPayFen } from './rules.js';

const MINUTE = 60_000;

async function world() {
  const platform = testPlatform();
  return {
    platform,
    lina: (await patientLogin(platform, MOBILE.lina)).token,
    zhaolei: (await patientLogin(platform, MOBILE.zhaolei)).token,
    wangfang: (await patientLogin(platform, MOBILE.wangfang)).token,
    anxin: await orgToken(platform, 'anxin'),
    renhe: await orgToken(platform, 'renhe'),
    linan: await orgToken(platform, 'linan'),
    qtph: await orgToken(platform, 'qtph'),
  };
}

const post = (platform: MockPlatform, path: string, token: string, body?: unknown) =>
  call(platform, 'POST', path, { token, ...(body === undefined ? {} : { body }) });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });

const cny = (amountFen: number) => ({ amountFen, currency: 'CNY' });
const line = (orderId: string, n: number, category: string, icd10: string, amountFen: number) => ({
  orderId,
  orderLineId: `${orderId}_l${n}`,
  category,
  diagnosis: { icd10 },
  submitted: cny(amountFen),
});
const zhaoleiClaim = (...lines: ReturnType<typeof line>[]) => ({ coverageId: 'cov_zhaolei_aco', patientId: 'pat_zhaolei', lines });
const eob = (claim: { lines: { eob: { eligible: { amountFen: number }; deductible: { amountFen: number }; coPay: { amountFen: number }; benefit: { amountFen: number }; notes: { code: string }[] } }[] }, index: number) => {
  const found = claim.lines[index]?.eob;
  if (!found) throw new Error(`line ${index} has no EOB`);
  return {
    amounts: [found.eligible.amountFen, found.deductible.amountFen, found.coPay.amountFen, found.benefit.amountFen],
    codes: found.notes.map((note) => note.code),
  };
};

/** Submits a claim and moves the clock past its adjudication; returns the adjudicated claim. */
async function adjudicated(platform: MockPlatform, token: string, body: unknown) {
  const submitted = await post(platform, '/v1/claims', token, body);
  expect(submitted.status, submitted.text).toBe(201);
  platform.clock.advance(5 * MINUTE);
  return (await get(platform, `/v1/claims/${submitted.body.id}`, token)).body;
}

describe('plans', () => {
  it('lists the seeded plans for everyone and shows one with its benefits', async () => {
    const { platform, lina, qtph } = await world();
    const all = await get(platform, '/v1/plans', qtph);
    expect(all.body.data.map((plan: { id: string }) => plan.id)).toEqual(['pln_anxin_aco', 'pln_anxin_outpatient', 'pln_renhe_outpatient']);
    const aco = await get(platform, '/v1/plans/pln_anxin_aco', lina);
    expect(aco.body).toMatchObject({ kind: 'aco-membership', insurerId: 'org_anxin', perIllnessLimit: cny(50_000_000), healthManagement: true });
    expect((await get(platform, '/v1/plans/pln_nope', lina)).status).toBe(404);
  });
});

describe('coverages', () => {
  it('a patient joins a plan: pending-payment with a premium order; a second join is ALREADY_ENROLLED', async () => {
    const { platform, wangfang } = await world();
    const body = { planId: 'pln_anxin_outpatient', patientId: 'pat_wangfang' };
    const created = await post(platform, '/v1/coverages', wangfang, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending-payment', insurerId: 'org_anxin', premium: cny(120_000), startsOn: null });
    const again = await post(platform, '/v1/coverages', wangfang, body);
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_ENROLLED']);
  });

  it('the paid premium order activates the coverage for one year, and it expires after its last day', () => {
    const services = seededServices();
    const domain = createInsuranceDomain(services);
    const patient: Caller = { kind: 'patient', subject: 'pat_wangfang', patientId: 'pat_wangfang', scopes: [] };
    const route = (name: string) => {
      const handler = domain.routes[name];
      if (!handler) throw new Error(name);
      return handler;
    };
    const created = route('createCoverage')(directContext(patient, {}, { planId: 'pln_renhe_outpatient', patientId: 'pat_wangfang' })).body as { id: string; premiumOrderId: string };
    const order = services.orders.get(created.premiumOrderId);
    expect(order).toMatchObject({ kind: 'premium', organizationId: 'org_renhe', totalFen: 80_000, lines: [{ kind: 'premium', reference: created.id }] });
    if (!order) throw new Error('no premium order');
    order.status = 'paid';
    services.hooks.orderPaid.emit(order, SEEDED_NOW);
    const active = route('getCoverage')(directContext(patient, { coverageId: created.id })).body;
    expect(active).toMatchObject({ status: 'active', startsOn: '2026-06-01', endsOn: '2027-05-31' });

    const expiresAt = Date.parse('2027-06-01T00:00:00+08:00');
    for (let timer = services.timers.popDue(expiresAt); timer; timer = services.timers.popDue(expiresAt)) domain.timers?.[timer.kind]?.(timer.target, timer.atMs);
    expect(route('getCoverage')(directContext(patient, { coverageId: created.id })).body).toMatchObject({ status: 'expired' });
    expect(services.events.all().filter((event) => event.data.id === created.id).map((event) => event.type)).toEqual([
      'coverage.created',
      'coverage.activated',
      'coverage.expired',
    ]);
  });

  it('cancels a pending coverage with its unpaid premium order; a cancelled one cannot be cancelled again', async () => {
    const { platform, lina } = await world();
    const cancelled = await post(platform, '/v1/coverages/cov_lina_renhe_pending/cancel', lina, { reason: 'Chose another plan' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellationReason: 'Chose another plan' });
    const again = await post(platform, '/v1/coverages/cov_lina_renhe_pending/cancel', lina);
    expect([again.status, again.body.code, again.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'cancelled']);
  });

  it('is seen by its patient and its insurer only; others get 404', async () => {
    const { platform, zhaolei, anxin, renhe, lina } = await world();
    expect((await get(platform, '/v1/coverages/cov_zhaolei_aco', zhaolei)).body.status).toBe('active');
    expect((await get(platform, '/v1/coverages/cov_zhaolei_aco', anxin)).status).toBe(200);
    expect((await get(platform, '/v1/coverages/cov_zhaolei_aco', renhe)).status).toBe(404);
    expect((await get(platform, '/v1/coverages/cov_zhaolei_aco', lina)).status).toBe(404);
    const listed = await get(platform, '/v1/coverages', renhe);
    expect(listed.body.data.every((coverage: { insurerId: string }) => coverage.insurerId === 'org_renhe')).toBe(true);
  });
});

describe('eligibility', () => {
  it('answers eligible with what is left, and an estimated benefit', async () => {
    const { platform, qtph } = await world();
    const check = await post(platform, '/v1/eligibility-checks', qtph, {
      patientId: 'pat_zhaolei',
      category: 'drug',
      serviceDate: '2026-06-01',
      amount: cny(12_000),
    });
    expect(check.body).toMatchObject({ eligible: true, reasons: [], coverageId: 'cov_zhaolei_aco', deductibleRemaining: cny(0), estimatedBenefit: cny(10_800) });
  });

  it('answers coverage-inactive without an active coverage, and 404 for another patient', async () => {
    const { platform, wangfang, lina } = await world();
    const none = await post(platform, '/v1/eligibility-checks', wangfang, { patientId: 'pat_wangfang', category: 'drug', serviceDate: '2026-06-01' });
    expect(none.body).toMatchObject({ eligible: false, reasons: ['coverage-inactive'], coverageId: null });
    const other = await post(platform, '/v1/eligibility-checks', lina, { patientId: 'pat_zhaolei', category: 'drug', serviceDate: '2026-06-01' });
    expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('claims: asynchronous adjudication with an explanation of benefits', () => {
  it('goes submitted → queued (1 min) → adjudicated (5 min) with control numbers and events, then the insurer pays the patient', async () => {
    const { platform, zhaolei, anxin } = await world();
    const body = zhaoleiClaim(line('ord_zhaolei_visit_0525', 1, 'consultation', 'I10', 5_000), line('ord_zhaolei_visit_0525', 2, 'drug', 'I10', 3_600));
    const submitted = await post(platform, '/v1/claims', zhaolei, body);
    expect(submitted.status).toBe(201);
    const id = submitted.body.id as string;
    expect(submitted.body).toMatchObject({ status: 'submitted', payee: 'patient', providerId: null, totalBenefit: null });
    expect(submitted.body.lines.map((l: { controlNumber: string }) => l.controlNumber)).toEqual([`${id}-1`, `${id}-2`]);

    platform.clock.advance(MINUTE);
    expect((await get(platform, `/v1/claims/${id}`, zhaolei)).body.status).toBe('queued');
    platform.clock.advance(4 * MINUTE);
    const claim = (await get(platform, `/v1/claims/${id}`, zhaolei)).body;
    expect(claim).toMatchObject({ status: 'adjudicated', outcome: 'complete', totalBenefit: cny(8_240) });
    expect(eob(claim, 0).amounts).toEqual([5_000, 0, 0, 5_000]);
    // 12 000 − 8 400 national insurance = 3 600 eligible; the drug deductible is used up; co-pay 10 %.
    expect(eob(claim, 1)).toEqual({ amounts: [3_600, 0, 360, 3_240], codes: ['national-insurance-paid', 'co-pay-applied'] });

    const paid = await post(platform, `/v1/claims/${id}/pay`, anxin);
    expect(paid.body).toMatchObject({ status: 'paid', payment: { payee: 'patient', amount: cny(8_240) } });
    const events = (await get(platform, '/v1/events?limit=100', zhaolei)).body.data as { type: string; data: { id: string } }[];
    expect(events.filter((event) => event.data.id === id).map((event) => event.type)).toEqual([
      'claim.submitted',
      'claim.queued',
      'claim.adjudicated',
      'claim.paid',
    ]);
  });

  it('an insurer pays a direct-billing claim to the provider through the ledger; a second payment is an invalid transition', () => {
    const services = seededServices();
    const domain = createInsuranceDomain(services);
    const pay = domain.routes['payClaim'];
    if (!pay) throw new Error('payClaim');
    const paid = pay(directContext(organizationCaller('org_anxin'), { claimId: 'clm_zhaolei_0520_adjudicated' })).body;
    expect(paid).toMatchObject({ status: 'paid', payment: { payee: 'provider', amount: cny(6_800) } });
    expect(services.ledger.ofPayee('org_linan').map((entry) => [entry.orderLineId, entry.source, entry.kind, entry.amountFen])).toEqual([
      ['ord_zhaolei_visit_0520_l1', 'commercial-insurance', 'insurance-share', 5_000],
      ['ord_zhaolei_visit_0520_l2', 'commercial-insurance', 'insurance-share', 1_800],
    ]);
    expect(() => pay(directContext(organizationCaller('org_anxin'), { claimId: 'clm_zhaolei_0520_adjudicated' }))).toThrowError(/claim is paid/);
  });

  it('is seen by its patient, insurer and billing provider (audited for organizations); others get 404', async () => {
    const { platform, linan, qtph, renhe, lina, anxin } = await world();
    const path = '/v1/claims/clm_zhaolei_0520_adjudicated';
    expect((await get(platform, path, linan)).status).toBe(200);
    expect((await get(platform, path, anxin)).status).toBe(200);
    for (const token of [qtph, renhe, lina]) expect((await get(platform, path, token)).status).toBe(404);
    const audit = await get(platform, '/v1/audit-events?limit=100', linan);
    expect(audit.body.data.some((entry: { resourceId: string; purpose: string }) => entry.resourceId === 'clm_zhaolei_0520_adjudicated' && entry.purpose === 'insurance-claim')).toBe(true);
  });

  it('a line naming no order line of the patient is refused with VALIDATION_FAILED naming the line', async () => {
    const { platform, zhaolei } = await world();
    const refused = await post(platform, '/v1/claims', zhaolei, zhaoleiClaim(line('ord_lina_visit_0530', 1, 'consultation', 'I10', 5_000)));
    expect([refused.status, refused.body.code, refused.body.errors[0].pointer]).toEqual([400, 'VALIDATION_FAILED', '/body/lines/0/orderLineId']);
  });

  it('co-pay rounds half up to the fen', () => {
    expect([coPayFen(3_605, 10), coPayFen(3_604, 10), coPayFen(0, 30)]).toEqual([361, 360, 0]);
  });
});

describe('business rules', () => {
  it('BR-INS-1: a line fully paid by national insurance gets benefit 0; a claim asking more than the unpaid part is cut to it; a later claim gets only what is still unpaid', async () => {
    const { platform, zhaolei } = await world();
    const first = await adjudicated(platform, zhaolei, zhaoleiClaim(line('ord_zhaolei_visit_0525', 3, 'drug', 'I10', 3_000), line('ord_zhaolei_visit_0525', 2, 'drug', 'I10', 12_000)));
    expect(first.outcome).toBe('partial');
    expect(eob(first, 0)).toEqual({ amounts: [0, 0, 0, 0], codes: ['national-insurance-paid', 'exceeds-unpaid'] });
    expect(eob(first, 1).amounts).toEqual([3_600, 0, 360, 3_240]);
    expect(eob(first, 1).codes).toContain('exceeds-unpaid');
    // The co-pay (360) is all that is left unpaid of line 2.
    const second = await adjudicated(platform, zhaolei, zhaoleiClaim(line('ord_zhaolei_visit_0525', 2, 'drug', 'I10', 3_600)));
    expect(eob(second, 0)).toEqual({ amounts: [360, 0, 36, 324], codes: ['national-insurance-paid', 'already-claimed', 'exceeds-unpaid', 'co-pay-applied'] });
  });

  it('BR-INS-2: care inside the waiting period is not eligible (eligibility reason waiting-period, claim line benefit 0)', async () => {
    const { platform, lina } = await world();
    const check = await post(platform, '/v1/eligibility-checks', lina, { patientId: 'pat_lina', category: 'consultation', serviceDate: '2026-06-01' });
    expect(check.body).toMatchObject({ eligible: false, reasons: ['waiting-period'], waitingPeriodEndsOn: '2026-06-19' });
    const claim = await adjudicated(platform, lina, {
      coverageId: 'cov_lina_anxin_outpatient',
      patientId: 'pat_lina',
      lines: [line('ord_lina_visit_0530', 1, 'consultation', 'J06.9', 5_000)],
    });
    expect(eob(claim, 0)).toEqual({ amounts: [0, 0, 0, 0], codes: ['waiting-period'] });
  });

  it('BR-INS-3: an excluded diagnosis is not eligible (eligibility reason excluded, claim line benefit 0)', async () => {
    const { platform, lina } = await world();
    const check = await post(platform, '/v1/eligibility-checks', lina, { patientId: 'pat_lina', category: 'consultation', serviceDate: '2026-07-01', diagnosis: { icd10: 'E11.9' } });
    expect(check.body).toMatchObject({ eligible: false, reasons: ['excluded'] });
    const claim = await adjudicated(platform, lina, {
      coverageId: 'cov_lina_anxin_outpatient',
      patientId: 'pat_lina',
      lines: [line('ord_lina_visit_0530', 1, 'consultation', 'E11.9', 5_000)],
    });
    expect(eob(claim, 0).codes).toEqual(['excluded']);
  });

  it('BR-INS-4: the benefit is capped by the annual limit; then eligibility answers limit-reached', async () => {
    const { platform, qtph, renhe } = await world();
    const claim = await adjudicated(platform, qtph, {
      coverageId: 'cov_chenjian_renhe',
      patientId: 'pat_chenjian',
      lines: [line('ord_chenjian_visit_0528', 1, 'consultation', 'M54.5', 5_000)],
    });
    expect(claim).toMatchObject({ providerId: 'org_qtph', payee: 'provider' });
    expect(eob(claim, 0)).toEqual({ amounts: [5_000, 0, 500, 3_000], codes: ['co-pay-applied', 'limit-reached'] });
    const check = await post(platform, '/v1/eligibility-checks', renhe, { patientId: 'pat_chenjian', category: 'consultation', serviceDate: '2026-06-01' });
    expect(check.body).toMatchObject({ eligible: false, reasons: ['limit-reached'], remainingAnnualLimit: cny(0) });
  });

  it('BR-INS-5: a claim against a coverage that is not active is refused with COVERAGE_NOT_ACTIVE', async () => {
    const { platform, lina } = await world();
    const refused = await post(platform, '/v1/claims', lina, {
      coverageId: 'cov_lina_renhe_pending',
      patientId: 'pat_lina',
      lines: [line('ord_lina_visit_0530', 1, 'consultation', 'J06.9', 5_000)],
    });
    expect([refused.status, refused.body.code]).toEqual([409, 'COVERAGE_NOT_ACTIVE']);
  });

  it('BR-INS-6: an order line already in an open claim is refused with DUPLICATE_CLAIM_LINE', async () => {
    const { platform, zhaolei } = await world();
    const body = zhaoleiClaim(line('ord_zhaolei_visit_0525', 1, 'consultation', 'I10', 5_000));
    expect((await post(platform, '/v1/claims', zhaolei, body)).status).toBe(201);
    const again = await post(platform, '/v1/claims', zhaolei, body);
    expect([again.status, again.body.code]).toEqual([409, 'DUPLICATE_CLAIM_LINE']);
  });
});

describe('claims that cannot be adjudicated', () => {
  it('errors when the coverage was cancelled before adjudication (claim.errored)', async () => {
    const { platform, zhaolei } = await world();
    const submitted = await post(platform, '/v1/claims', zhaolei, zhaoleiClaim(line('ord_zhaolei_visit_0525', 1, 'consultation', 'I10', 5_000)));
    expect((await post(platform, '/v1/coverages/cov_zhaolei_aco/cancel', zhaolei)).body.status).toBe('cancelled');
    platform.clock.advance(5 * MINUTE);
    const claim = (await get(platform, `/v1/claims/${submitted.body.id}`, zhaolei)).body;
    expect(claim).toMatchObject({ status: 'error', outcome: null });
    expect(claim.errorReason).toMatch(/cancelled/);
  });
});
