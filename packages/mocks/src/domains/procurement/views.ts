/** Records → the spec's procurement shapes, with keys in the spec's order. */
import { money } from '../../engine/money.js';
import { formatLocal } from '../../engine/clock.js';
import type { CampaignRecord, CommitmentRecord, PurchaseOrderRecord } from './model.js';


export function campaignView(campaign: CampaignRecord) {
  return {
    id: campaign.id,
    status: campaign.status,
    organizationId: campaign.organizationId,
    allianceId: campaign.allianceId,
    manufacturerId: campaign.manufacturerId,
    drugId: campaign.drugId,
    tiers: campaign.tiers.map((tier) => ({ minQuantity: tier.minQuantity, unitPrice: money(tier.unitPriceFen) })),
    closesAt: formatLocal(campaign.closesAtMs),
    committedQuantity: campaign.committedQuantity,
    unitPrice: campaign.unitPriceFen === null ? null : money(campaign.unitPriceFen),
    closedAt: campaign.closedAtMs === null ? null : formatLocal(campaign.closedAtMs),
    createdAt: formatLocal(campaign.createdAtMs),
    updatedAt: formatLocal(campaign.updatedAtMs),
  };
}

export function commitmentView(commitment: CommitmentRecord) {
  return {
    id: commitment.id,
    campaignId: commitment.campaignId,
    pharmacyId: commitment.pharmacyId,
    quantity: commitment.quantity,
    createdAt: formatLocal(commitment.createdAtMs),
  };
}

export function purchaseOrderView(order: PurchaseOrderRecord) {
  return {
    id: order.id,
    status: order.status,
    campaignId: order.campaignId,
    pharmacyId: order.pharmacyId,
    manufacturerId: order.manufacturerId,
    drugId: order.drugId,
    quantity: order.quantity,
    unitPrice: money(order.unitPriceFen),
    totalAmount: money(order.totalFen),
    shipment:
      order.shipment === null
        ? null
        : { lotNumber: order.shipment.lotNumber, expiryDate: order.shipment.expiryDate, shippedAt: formatLocal(order.shipment.shippedAtMs) },
    receivedAt: order.receivedAtMs === null ? null : formatLocal(order.receivedAtMs),
    createdAt: formatLocal(order.createdAtMs),
    updatedAt: formatLocal(order.updatedAtMs),
  };
}
