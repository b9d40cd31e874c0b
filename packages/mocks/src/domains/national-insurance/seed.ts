/**
 * Seeded national-insurance settlements at org_qtph (its pending orders are Wang Fang's and org_qtih's lists are checked elsewhere), one per state the documented examples need, and
 * the personal-account balances the simulated national platform holds. Splits are computed by the
 * simulator itself, so seeds and live settlements agree to the fen.
 *
 * - ord_zhaolei_nhi_unpaid: Zhao Lei's unpaid consultation order, not yet registered (register).
 * - nis_zhaolei_registered (upload fees), nis_lina_uploaded (pre-settle).
 * - nis_lina_presettled_paid: pre-settled, its 800 fen cash share paid (settle).
 * - nis_zhaolei_settled: settled, fund and personal account in the ledger (reverse).
 */
import type { PlatformServices } from '../../services.js';
import { unpaidOrder, type OrderLineKind, type OrderLineRecord, type OrderRecord } from '../payments/model.js';
import type { SettlementRecord, SettlementStatus } from './model.js';
import { nationalSettlementId, nationalVisitId, preSettle } from './national-platform.js';
import { feeLinesOf, insuredShares, splitFromAnswer } from './rules.js';
import type { SettlementStore } from './store.js';

const MINUTE = 60_000;
/** Seeded visits are from late April, so their ledger entries stay out of the May and June statements other tests read. */
const CREATED = Date.parse('2026-04-28T10:00:00+08:00');
const PAID_AT = CREATED + 5 * MINUTE;
const SETTLED_AT = CREATED + 10 * MINUTE;

/** Personal-account balances after the seeded settlements (Zhao Lei's 900 fen already debited). */
const BALANCES: Record<string, number> = { pat_lina: 20_000, pat_zhaolei: 3_500, pat_wangfang: 0, pat_chenjian: 5_000 };

type LineSpec = [kind: OrderLineKind, description: string, reference: string | null, fen: number];
const CONSULTATION = (encounterId: string): LineSpec => ['consultation-fee', 'Online follow-up consultation', encounterId, 3000];
const DELIVERY: LineSpec = ['delivery-fee', 'Home delivery', null, 800];

function order(id: string, patientId: string, specs: LineSpec[]): OrderRecord {
  const lines: OrderLineRecord[] = specs.map(([kind, description, reference, fen], index) => ({
    id: `${id}_l${index + 1}`,
    kind,
    description,
    reference,
    quantity: 1,
    unitPriceFen: fen,
    amountFen: fen,
    nationalInsurancePaidFen: 0,
    refundedFen: 0,
  }));
  // Held open by its settlement: seeded orders under national insurance do not expire.
  return unpaidOrder({ id, kind: 'consultation', patientId, organizationId: 'org_qtph', lines, expiresAtMs: null, createdAtMs: CREATED });
}

interface SettlementSeed {
  id: string;
  status: SettlementStatus;
  order: OrderRecord;
  encounterId: string;
  personNumber: string;
}

const PERSON = { pat_lina: '330102198505120023', pat_zhaolei: '330106198003150017' } as const;

export function seedNationalInsurance(store: SettlementStore, services: PlatformServices): void {
  for (const [patientId, fen] of Object.entries(BALANCES)) store.personalAccountFen.set(patientId, fen);
  services.orders.add(order('ord_zhaolei_nhi_unpaid', 'pat_zhaolei', [CONSULTATION('enc_zhaolei_consult_qtph')]));
  const seeds: SettlementSeed[] = [
    {
      id: 'nis_zhaolei_registered',
      status: 'registered',
      order: order('ord_zhaolei_nhi_registered', 'pat_zhaolei', [CONSULTATION('enc_zhaolei_consult_qtph'), ['drug', 'Amlodipine besylate 5 mg × 28 tablets', null, 4560]]),
      encounterId: 'enc_zhaolei_consult_qtph',
      personNumber: PERSON.pat_zhaolei,
    },
    {
      id: 'nis_lina_uploaded',
      status: 'fees-uploaded',
      order: order('ord_lina_nhi_uploaded', 'pat_lina', [CONSULTATION('enc_lina_20251118'), ['drug', 'Metformin hydrochloride 0.5 g × 60 tablets', null, 5600], DELIVERY]),
      encounterId: 'enc_lina_20251118',
      personNumber: PERSON.pat_lina,
    },
    {
      id: 'nis_lina_presettled_paid',
      status: 'pre-settled',
      order: order('ord_lina_nhi_paid', 'pat_lina', [CONSULTATION('enc_lina_20251118'), DELIVERY]),
      encounterId: 'enc_lina_20251118',
      personNumber: PERSON.pat_lina,
    },
    {
      id: 'nis_zhaolei_settled',
      status: 'settled',
      order: order('ord_zhaolei_nhi_settled', 'pat_zhaolei', [CONSULTATION('enc_zhaolei_consult_qtph')]),
      encounterId: 'enc_zhaolei_consult_qtph',
      personNumber: PERSON.pat_zhaolei,
    },
  ];
  for (const seed of seeds) seedSettlement(store, services, seed);
}

function seedSettlement(store: SettlementStore, services: PlatformServices, seed: SettlementSeed): void {
  const { order: record } = seed;
  const settlement: SettlementRecord = {
    id: seed.id,
    status: seed.status,
    patientId: record.patientId,
    organizationId: record.organizationId,
    encounterId: seed.encounterId,
    orderId: record.id,
    personNumber: seed.personNumber,
    nationalVisitId: nationalVisitId(seed.id),
    feeLines: seed.status === 'registered' ? [] : feeLinesOf(record, (id) => services.prescriptions.get(id)),
    split: null,
    nationalSettlementId: seed.status === 'settled' ? nationalSettlementId(seed.id) : null,
    reversal: null,
    createdAtMs: CREATED,
    updatedAtMs: SETTLED_AT,
  };
  record.nationalInsuranceSettlementId = seed.id;
  services.orders.add(record);
  store.add(settlement);
  if (seed.status !== 'pre-settled' && seed.status !== 'settled') return;

  // A settled one was split before its share left the balance (BALANCES are after it): the balance then covered the rest of eligible.
  const balanceFen = seed.status === 'settled' ? Number.MAX_SAFE_INTEGER : (store.personalAccountFen.get(record.patientId) ?? 0);
  const split = splitFromAnswer(record, preSettle(settlement.feeLines, balanceFen));
  settlement.split = split;
  const shares = insuredShares(record, settlement.feeLines, split.fundFen + split.personalAccountFen);
  record.lines.forEach((line, index) => {
    line.nationalInsurancePaidFen = shares[index] ?? 0;
  });
  record.patientDueFen = split.cashFen;
  // The patient paid the cash share (or had none to pay).
  record.paidFen = split.cashFen;
  record.status = 'paid';
    const entry = { payeeOrganizationId: record.organizationId, orderId: record.id, orderLineId: null, atMs: PAID_AT } as const;
  if (split.cashFen > 0) services.ledger.append({ ...entry, source: 'patient', kind: 'payment', amountFen: split.cashFen, reference: `pay_${record.id.slice('ord_'.length)}_cash` });
  if (seed.status !== 'settled') return;
  services.ledger.append({ ...entry, source: 'national-insurance-fund', kind: 'insurance-share', amountFen: split.fundFen, reference: seed.id, atMs: SETTLED_AT });
  services.ledger.append({ ...entry, source: 'personal-account', kind: 'insurance-share', amountFen: split.personalAccountFen, reference: seed.id, atMs: SETTLED_AT });
}

