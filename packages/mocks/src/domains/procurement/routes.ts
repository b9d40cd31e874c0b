/** Group-procurement operations, keyed by operationId: read the request, call the service, shape the answer. */
import { organizationOnly, page, pathParam, queryString, type HandlerContext, type RouteTable } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { PriceTier } from './model.js';
import type { ProcurementService } from './service.js';
import { campaignView, commitmentView, purchaseOrderView } from './views.js';

interface CreateCampaignBody {
  allianceId: string;
  manufacturerId: string;
  drugId: string;
  tiers: { minQuantity: number; unitPrice: { amountFen: number } }[];
  closesAt: string;
}

export function procurementRoutes(service: ProcurementService): RouteTable {
  const campaignId = (context: HandlerContext) => pathParam(context, 'campaignId');
  const purchaseOrderId = (context: HandlerContext) => pathParam(context, 'purchaseOrderId');
  // Newest first; ties by id.
  const newestFirst = (record: { createdAtMs: number; id: string }) => [-record.createdAtMs, record.id];

  return {
    createProcurementCampaign(context) {
      const body = context.body as CreateCampaignBody;
      const tiers: PriceTier[] = body.tiers.map((tier) => ({ minQuantity: tier.minQuantity, unitPriceFen: tier.unitPrice.amountFen }));
      const input = { allianceId: body.allianceId, manufacturerId: body.manufacturerId, drugId: body.drugId, tiers, closesAtMs: Date.parse(body.closesAt) };
      return { status: 201, body: campaignView(service.create(organizationOnly(context), input, context.nowMs)) };
    },

    listProcurementCampaigns(context) {
      organizationOnly(context);
      const records = service.listCampaigns({ status: queryString(context.query, 'status'), allianceId: queryString(context.query, 'allianceId') });
      return { status: 200, body: paginate(records, { keyOf: newestFirst, view: campaignView, ...page(context) }) };
    },

    getProcurementCampaign(context) {
      organizationOnly(context);
      return { status: 200, body: campaignView(service.campaign(campaignId(context))) };
    },

    commitToProcurementCampaign(context) {
      const { quantity } = context.body as { quantity: number };
      return { status: 201, body: commitmentView(service.commit(organizationOnly(context), campaignId(context), quantity, context.nowMs)) };
    },

    closeProcurementCampaign(context) {
      return { status: 200, body: campaignView(service.close(organizationOnly(context), campaignId(context), context.nowMs)) };
    },

    orderProcurementCampaign(context) {
      return { status: 200, body: campaignView(service.order(organizationOnly(context), campaignId(context), context.nowMs)) };
    },

    listPurchaseOrders(context) {
      const records = service.listOrders(organizationOnly(context), { status: queryString(context.query, 'status'), campaignId: queryString(context.query, 'campaignId') });
      return { status: 200, body: paginate(records, { keyOf: newestFirst, view: purchaseOrderView, ...page(context) }) };
    },

    getPurchaseOrder(context) {
      return { status: 200, body: purchaseOrderView(service.visibleOrder(organizationOnly(context), purchaseOrderId(context))) };
    },

    submitPurchaseOrder(context) {
      return { status: 200, body: purchaseOrderView(service.submit(organizationOnly(context), purchaseOrderId(context), context.nowMs)) };
    },

    confirmPurchaseOrder(context) {
      return { status: 200, body: purchaseOrderView(service.confirm(organizationOnly(context), purchaseOrderId(context), context.nowMs)) };
    },

    shipPurchaseOrder(context) {
      const lot = context.body as { lotNumber: string; expiryDate: string };
      return { status: 200, body: purchaseOrderView(service.ship(organizationOnly(context), purchaseOrderId(context), lot, context.nowMs)) };
    },

    receivePurchaseOrder(context) {
      return { status: 200, body: purchaseOrderView(service.receive(organizationOnly(context), purchaseOrderId(context), context.nowMs)) };
    },
  };
}
