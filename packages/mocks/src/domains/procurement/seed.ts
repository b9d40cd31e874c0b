/**
 * Seeded group procurement of the Qiantang alliance with Huadong: a campaign in every state the
 * examples need, and one Jiuzhou purchase order in every state before received. Times are on the
 * seeded clock (2026-06-01T08:00+08:00 is "now").
 */
import type { PlatformServices } from '../../services.js';
import type { CampaignRecord, CampaignStatus, PriceTier, PurchaseOrderRecord, PurchaseOrderStatus } from './model.js';
import { tierPriceFen } from './rules.js';
import { CAMPAIGN_CLOSE_TIMER, draftPurchaseOrder } from './service.js';
import type { ProcurementStore } from './store.js';

const at = (iso: string) => Date.parse(iso);
const tiers = (...pairs: [minQuantity: number, unitPriceFen: number][]): PriceTier[] => pairs.map(([minQuantity, unitPriceFen]) => ({ minQuantity, unitPriceFen }));
const METFORMIN_TIERS = tiers([1, 30], [1000, 28], [5000, 25]);
/** The earlier round closed on 15 May and was ordered the next morning. */
const ROUND_ORDERED = at('2026-05-16T09:00:00+08:00');

interface CampaignSeed {
  id: string;
  status: CampaignStatus;
  drugId: string;
  tiers: PriceTier[];
  createdAt: string;
  closesAt: string;
  /** Jiuzhou's commitment. */
  commitment: { id: string; quantity: number; at: string };
}

function campaign(seed: CampaignSeed): CampaignRecord {
  const closesAtMs = at(seed.closesAt);
  const open = seed.status === 'open';
  const updatedAtMs = open ? at(seed.commitment.at) : seed.status === 'ordered' ? ROUND_ORDERED : closesAtMs;
  return {
    id: seed.id,
    status: seed.status,
    organizationId: 'org_qtph',
    allianceId: 'all_qiantang',
    manufacturerId: 'org_huadong',
    drugId: seed.drugId,
    tiers: seed.tiers,
    closesAtMs,
    committedQuantity: seed.commitment.quantity,
    unitPriceFen: open ? null : tierPriceFen(seed.tiers, seed.commitment.quantity),
    closedAtMs: open ? null : closesAtMs,
    createdAtMs: at(seed.createdAt),
    updatedAtMs,
  };
}

const CAMPAIGNS: CampaignSeed[] = [
  { id: 'pcc_metformin_open', status: 'open', drugId: 'drg_metformin_500', tiers: METFORMIN_TIERS, createdAt: '2026-05-20T09:00:00+08:00', closesAt: '2026-06-15T18:00:00+08:00', commitment: { id: 'pcm_jiuzhou_metformin', quantity: 1200, at: '2026-05-25T10:00:00+08:00' } },
  { id: 'pcc_amlodipine_closed', status: 'closed', drugId: 'drg_amlodipine_5', tiers: tiers([1, 100], [2000, 90]), createdAt: '2026-05-10T09:00:00+08:00', closesAt: '2026-05-31T18:00:00+08:00', commitment: { id: 'pcm_jiuzhou_amlodipine', quantity: 2400, at: '2026-05-12T10:00:00+08:00' } },
  { id: 'pcc_atorvastatin_ordered', status: 'ordered', drugId: 'drg_atorvastatin_20', tiers: tiers([1, 260], [1000, 240]), createdAt: '2026-05-01T09:00:00+08:00', closesAt: '2026-05-15T18:00:00+08:00', commitment: { id: 'pcm_jiuzhou_atorvastatin', quantity: 1500, at: '2026-05-05T10:00:00+08:00' } },
  { id: 'pcc_losartan_ordered', status: 'ordered', drugId: 'drg_losartan_50', tiers: tiers([1, 220], [1000, 200]), createdAt: '2026-05-01T09:00:00+08:00', closesAt: '2026-05-15T18:00:00+08:00', commitment: { id: 'pcm_jiuzhou_losartan', quantity: 800, at: '2026-05-05T10:00:00+08:00' } },
  { id: 'pcc_acarbose_ordered', status: 'ordered', drugId: 'drg_acarbose_50', tiers: tiers([1, 150], [500, 140]), createdAt: '2026-05-01T09:00:00+08:00', closesAt: '2026-05-15T18:00:00+08:00', commitment: { id: 'pcm_jiuzhou_acarbose', quantity: 600, at: '2026-05-05T10:00:00+08:00' } },
  { id: 'pcc_metformin_ordered', status: 'ordered', drugId: 'drg_metformin_500', tiers: METFORMIN_TIERS, createdAt: '2026-05-01T09:00:00+08:00', closesAt: '2026-05-15T18:00:00+08:00', commitment: { id: 'pcm_jiuzhou_metformin_may', quantity: 1000, at: '2026-05-05T10:00:00+08:00' } },
];

/** Jiuzhou's purchase orders of the ordered campaigns, each in the state its example needs. */
const ORDERS: { id: string; campaignId: string; status: PurchaseOrderStatus; updatedAt: string; shipment?: { lotNumber: string; expiryDate: string; shippedAt: string } }[] = [
  { id: 'po_jiuzhou_draft', campaignId: 'pcc_atorvastatin_ordered', status: 'draft', updatedAt: '2026-05-16T09:00:00+08:00' },
  { id: 'po_jiuzhou_submitted', campaignId: 'pcc_losartan_ordered', status: 'submitted', updatedAt: '2026-05-18T10:00:00+08:00' },
  { id: 'po_jiuzhou_confirmed', campaignId: 'pcc_acarbose_ordered', status: 'confirmed', updatedAt: '2026-05-20T11:00:00+08:00' },
  {
    id: 'po_jiuzhou_shipped',
    campaignId: 'pcc_metformin_ordered',
    status: 'shipped',
    updatedAt: '2026-05-30T14:00:00+08:00',
    shipment: { lotNumber: 'MF2605H', expiryDate: '2028-04-30', shippedAt: '2026-05-30T14:00:00+08:00' },
  },
];

export function seedProcurement(store: ProcurementStore, services: PlatformServices): void {
  for (const seed of CAMPAIGNS) {
    const record = campaign(seed);
    store.addCampaign(record);
    store.addCommitment({ id: seed.commitment.id, campaignId: seed.id, pharmacyId: 'org_jiuzhou', quantity: seed.commitment.quantity, createdAtMs: at(seed.commitment.at) });
    if (record.status === 'open') services.timers.schedule({ atMs: record.closesAtMs, kind: CAMPAIGN_CLOSE_TIMER, target: record.id });
  }
  for (const seed of ORDERS) {
    const source = store.campaigns.get(seed.campaignId);
    if (!source?.unitPriceFen) throw new Error(`Seed purchase order ${seed.id} needs an ordered campaign`);
    const order: PurchaseOrderRecord = {
      ...draftPurchaseOrder(seed.id, source, 'org_jiuzhou', source.committedQuantity, source.unitPriceFen, ROUND_ORDERED),
      status: seed.status,
      shipment: seed.shipment ? { lotNumber: seed.shipment.lotNumber, expiryDate: seed.shipment.expiryDate, shippedAtMs: at(seed.shipment.shippedAt) } : null,
      updatedAtMs: at(seed.updatedAt),
    };
    store.addPurchaseOrder(order);
  }
}
