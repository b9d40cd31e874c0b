/**
 * Group-procurement operations: tenancy, the rules of rules.ts, and their effects (state, events,
 * the close timer, stock on receipt). Every method is synchronous.
 *
 * Tenancy: every organization with `procurement:read` sees campaigns; the alliance lead alone
 * closes and orders them. A purchase order is seen by its pharmacy and its manufacturer; the
 * pharmacy submits and receives, the manufacturer confirms and ships, and the other side gets 404.
 */
import type { EventType } from '../../engine/events.js';
import { notFound, validationFailed, type FieldError } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import { stockStatus } from '../pharmacy/rules.js';
import type { CampaignRecord, CommitmentRecord, PriceTier, PurchaseOrderRecord, PurchaseOrderStatus } from './model.js';
import {
  assertCampaignTransition,
  assertLeads,
  assertOrderTransition,
  assertPharmacyMember,
  assertTakingCommitments,
  assertTiers,
  quantitiesByPharmacy,
  tierPriceFen,
  type PurchaseOrderAction,
} from './rules.js';
import type { ProcurementStore } from './store.js';

export const CAMPAIGN_CLOSE_TIMER = 'procurement-campaign-close';

export interface CreateCampaignInput {
  allianceId: string;
  manufacturerId: string;
  drugId: string;
  tiers: PriceTier[];
  closesAtMs: number;
}

export interface CampaignQuery {
  status?: string | undefined;
  allianceId?: string | undefined;
}

export interface PurchaseOrderQuery {
  status?: string | undefined;
  campaignId?: string | undefined;
}

export class ProcurementService {
  constructor(
    private readonly store: ProcurementStore,
    private readonly services: PlatformServices,
  ) {}

  // ── Campaigns ──

  campaign(id: string): CampaignRecord {
    const campaign = this.store.campaigns.get(id);
    if (!campaign) throw notFound('procurement campaign', id);
    return campaign;
  }

  listCampaigns(query: CampaignQuery): CampaignRecord[] {
    return [...this.store.campaigns.values()].filter(
      (c) => (query.status === undefined || c.status === query.status) && (query.allianceId === undefined || c.allianceId === query.allianceId),
    );
  }

  create(organizationId: string, input: CreateCampaignInput, nowMs: number): CampaignRecord {
    const { directory, drugs, ids, timers } = this.services;
    assertLeads(directory.alliances.get(input.allianceId), organizationId, input.allianceId);
    const errors: FieldError[] = [];
    if (directory.organizations.get(input.manufacturerId)?.type !== 'manufacturer') {
      errors.push({ pointer: '/body/manufacturerId', code: 'not_found', message: `no manufacturer ${input.manufacturerId}` });
    }
    if (!drugs.has(input.drugId)) errors.push({ pointer: '/body/drugId', code: 'not_found', message: `no drug ${input.drugId}` });
    if (input.closesAtMs <= nowMs) errors.push({ pointer: '/body/closesAt', code: 'in_past', message: 'closesAt must be in the future' });
    if (errors.length > 0) throw validationFailed(errors);
    assertTiers(input.tiers);

    const campaign: CampaignRecord = {
      id: ids.next('pcc'),
      status: 'open',
      organizationId,
      allianceId: input.allianceId,
      manufacturerId: input.manufacturerId,
      drugId: input.drugId,
      tiers: input.tiers.map((tier) => ({ ...tier })),
      closesAtMs: input.closesAtMs,
      committedQuantity: 0,
      unitPriceFen: null,
      closedAtMs: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.store.addCampaign(campaign);
    timers.schedule({ atMs: campaign.closesAtMs, kind: CAMPAIGN_CLOSE_TIMER, target: campaign.id });
    this.emitCampaign('procurement_campaign.opened', campaign, nowMs);
    return campaign;
  }

  commit(organizationId: string, campaignId: string, quantity: number, nowMs: number): CommitmentRecord {
    const campaign = this.campaign(campaignId);
    assertPharmacyMember(this.services.directory, campaign, organizationId);
    assertTakingCommitments(campaign, nowMs);
    const commitment: CommitmentRecord = { id: this.services.ids.next('pcm'), campaignId, pharmacyId: organizationId, quantity, createdAtMs: nowMs };
    this.store.addCommitment(commitment);
    campaign.committedQuantity += quantity;
    campaign.updatedAtMs = nowMs;
    this.services.events.emit(
      'procurement_commitment.created',
      { object: 'procurement_commitment', id: commitment.id, status: 'created', organizationId },
      nowMs,
      [campaign.organizationId],
    );
    return commitment;
  }

  /** The lead closes early; the close timer closes at closesAt. */
  close(organizationId: string, campaignId: string, nowMs: number): CampaignRecord {
    const campaign = this.led(organizationId, campaignId);
    assertCampaignTransition(campaign, 'close');
    return this.fixPrice(campaign, nowMs);
  }

  /** The close timer: a campaign still open at closesAt closes itself. */
  closeAtDeadline(campaignId: string, atMs: number): void {
    const campaign = this.store.campaigns.get(campaignId);
    if (campaign?.status === 'open') this.fixPrice(campaign, atMs);
  }

  /** One draft purchase order per committed pharmacy, at the campaign's tier price (BR-PRC-1). */
  order(organizationId: string, campaignId: string, nowMs: number): CampaignRecord {
    const campaign = this.led(organizationId, campaignId);
    assertCampaignTransition(campaign, 'order');
    const unitPriceFen = campaign.unitPriceFen ?? tierPriceFen(campaign.tiers, campaign.committedQuantity);
    for (const [pharmacyId, quantity] of quantitiesByPharmacy(this.store.commitmentsOf(campaign.id))) {
      const order = draftPurchaseOrder(this.services.ids.next('po'), campaign, pharmacyId, quantity, unitPriceFen, nowMs);
      this.store.addPurchaseOrder(order);
      this.emitOrder('purchase_order.created', order, nowMs);
    }
    campaign.status = 'ordered';
    campaign.updatedAtMs = nowMs;
    this.emitCampaign('procurement_campaign.ordered', campaign, nowMs);
    return campaign;
  }

  private led(organizationId: string, campaignId: string): CampaignRecord {
    const campaign = this.store.campaigns.get(campaignId);
    if (!campaign || campaign.organizationId !== organizationId) throw notFound('procurement campaign', campaignId);
    return campaign;
  }

  /** BR-PRC-1: the price of the total committed volume, fixed for every commitment. */
  private fixPrice(campaign: CampaignRecord, nowMs: number): CampaignRecord {
    campaign.unitPriceFen = tierPriceFen(campaign.tiers, campaign.committedQuantity);
    campaign.status = 'closed';
    campaign.closedAtMs = nowMs;
    campaign.updatedAtMs = nowMs;
    this.emitCampaign('procurement_campaign.closed', campaign, nowMs);
    return campaign;
  }

  // ── Purchase orders ──

  visibleOrder(organizationId: string, id: string): PurchaseOrderRecord {
    const order = this.store.purchaseOrders.get(id);
    if (!order || (order.pharmacyId !== organizationId && order.manufacturerId !== organizationId)) throw notFound('purchase order', id);
    return order;
  }

  listOrders(organizationId: string, query: PurchaseOrderQuery): PurchaseOrderRecord[] {
    return [...this.store.purchaseOrdersByParty.get(organizationId)].flatMap((id) => {
      const order = this.store.purchaseOrders.get(id);
      if (!order || (query.status !== undefined && order.status !== query.status) || (query.campaignId !== undefined && order.campaignId !== query.campaignId)) {
        return [];
      }
      return [order];
    });
  }

  submit(organizationId: string, id: string, nowMs: number): PurchaseOrderRecord {
    const order = this.pharmacyOrder(organizationId, id, 'submit');
    return this.move(order, 'submitted', 'purchase_order.submitted', nowMs);
  }

  confirm(organizationId: string, id: string, nowMs: number): PurchaseOrderRecord {
    const order = this.manufacturerOrder(organizationId, id, 'confirm');
    return this.move(order, 'confirmed', 'purchase_order.confirmed', nowMs);
  }

  ship(organizationId: string, id: string, lot: { lotNumber: string; expiryDate: string }, nowMs: number): PurchaseOrderRecord {
    const order = this.manufacturerOrder(organizationId, id, 'ship');
    order.shipment = { lotNumber: lot.lotNumber, expiryDate: lot.expiryDate, shippedAtMs: nowMs };
    return this.move(order, 'shipped', 'purchase_order.shipped', nowMs);
  }

  /** Receipt puts the shipped lot on the pharmacy's shelf. */
  receive(organizationId: string, id: string, nowMs: number): PurchaseOrderRecord {
    const order = this.pharmacyOrder(organizationId, id, 'receive');
    const { inventory, events } = this.services;
    const shipment = order.shipment;
    if (!shipment) throw new Error(`Shipped purchase order ${order.id} has no shipment`);
    const item = inventory.receive(order.pharmacyId, order.drugId, order.quantity, { lotNumber: shipment.lotNumber, expiryDate: shipment.expiryDate }, order.unitPriceFen, nowMs);
    order.receivedAtMs = nowMs;
    this.move(order, 'received', 'purchase_order.received', nowMs);
    events.emit('inventory_item.updated', { object: 'inventory_item', id: item.id, status: stockStatus(item), organizationId: item.pharmacyId }, nowMs);
    return order;
  }

  private pharmacyOrder(organizationId: string, id: string, action: PurchaseOrderAction): PurchaseOrderRecord {
    const order = this.store.purchaseOrders.get(id);
    if (!order || order.pharmacyId !== organizationId) throw notFound('purchase order', id);
    assertOrderTransition(order.status, action);
    return order;
  }

  private manufacturerOrder(organizationId: string, id: string, action: PurchaseOrderAction): PurchaseOrderRecord {
    const order = this.store.purchaseOrders.get(id);
    if (!order || order.manufacturerId !== organizationId) throw notFound('purchase order', id);
    assertOrderTransition(order.status, action);
    return order;
  }

  private move(order: PurchaseOrderRecord, status: PurchaseOrderStatus, event: EventType, nowMs: number): PurchaseOrderRecord {
    order.status = status;
    order.updatedAtMs = nowMs;
    this.emitOrder(event, order, nowMs);
    return order;
  }

  /** The lead owns the campaign; the manufacturer sees every event of it. */
  private emitCampaign(type: EventType, campaign: CampaignRecord, atMs: number): void {
    this.services.events.emit(type, { object: 'procurement_campaign', id: campaign.id, status: campaign.status, organizationId: campaign.organizationId }, atMs, [
      campaign.manufacturerId,
    ]);
  }

  /** The pharmacy owns its order; the manufacturer sees every event of it. */
  private emitOrder(type: EventType, order: PurchaseOrderRecord, atMs: number): void {
    this.services.events.emit(type, { object: 'purchase_order', id: order.id, status: order.status, organizationId: order.pharmacyId }, atMs, [order.manufacturerId]);
  }
}

/** Line total = quantity × unit price, integer fen. */
export function draftPurchaseOrder(id: string, campaign: CampaignRecord, pharmacyId: string, quantity: number, unitPriceFen: number, nowMs: number): PurchaseOrderRecord {
  return {
    id,
    status: 'draft',
    campaignId: campaign.id,
    pharmacyId,
    manufacturerId: campaign.manufacturerId,
    drugId: campaign.drugId,
    quantity,
    unitPriceFen,
    totalFen: quantity * unitPriceFen,
    shipment: null,
    receivedAtMs: null,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
}
