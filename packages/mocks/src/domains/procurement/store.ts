/** Campaigns, their commitments and purchase orders, indexed by campaign and by party. */
import { MultiIndex } from '../../engine/multi-index.js';
import type { CampaignRecord, CommitmentRecord, PurchaseOrderRecord } from './model.js';

export class ProcurementStore {
  readonly campaigns = new Map<string, CampaignRecord>();
  readonly commitments = new Map<string, CommitmentRecord>();
  readonly purchaseOrders = new Map<string, PurchaseOrderRecord>();
  readonly commitmentsByCampaign = new MultiIndex();
  /** A purchase order under its pharmacy and its manufacturer. */
  readonly purchaseOrdersByParty = new MultiIndex();

  addCampaign(campaign: CampaignRecord): void {
    this.campaigns.set(campaign.id, campaign);
  }

  addCommitment(commitment: CommitmentRecord): void {
    this.commitments.set(commitment.id, commitment);
    this.commitmentsByCampaign.add(commitment.campaignId, commitment.id);
  }

  addPurchaseOrder(order: PurchaseOrderRecord): void {
    this.purchaseOrders.set(order.id, order);
    this.purchaseOrdersByParty.add(order.pharmacyId, order.id);
    this.purchaseOrdersByParty.add(order.manufacturerId, order.id);
  }

  commitmentsOf(campaignId: string): CommitmentRecord[] {
    return [...this.commitmentsByCampaign.get(campaignId)].flatMap((id) => this.commitments.get(id) ?? []);
  }
}
