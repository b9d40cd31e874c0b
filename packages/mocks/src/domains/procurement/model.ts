/** Group-procurement records as stored (PLATFORM.md §8). Views (views.ts) turn them into the spec's shapes. */

export type CampaignStatus = 'open' | 'closed' | 'ordered';
export type PurchaseOrderStatus = 'draft' | 'submitted' | 'confirmed' | 'shipped' | 'received';

export interface PriceTier {
  /** The total committed volume from which this price applies. */
  minQuantity: number;
  unitPriceFen: number;
}

export interface CampaignRecord {
  id: string;
  status: CampaignStatus;
  /** The alliance lead that runs it. */
  organizationId: string;
  allianceId: string;
  manufacturerId: string;
  drugId: string;
  /** Ascending minQuantity, the first 1. */
  tiers: PriceTier[];
  closesAtMs: number;
  committedQuantity: number;
  /** Fixed at closing (BR-PRC-1). */
  unitPriceFen: number | null;
  closedAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface CommitmentRecord {
  id: string;
  campaignId: string;
  pharmacyId: string;
  quantity: number;
  createdAtMs: number;
}

export interface ShipmentRecord {
  lotNumber: string;
  /** YYYY-MM-DD. */
  expiryDate: string;
  shippedAtMs: number;
}

export interface PurchaseOrderRecord {
  id: string;
  status: PurchaseOrderStatus;
  campaignId: string;
  pharmacyId: string;
  manufacturerId: string;
  drugId: string;
  quantity: number;
  unitPriceFen: number;
  totalFen: number;
  shipment: ShipmentRecord | null;
  receivedAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}
