/** Records → the spec's NationalInsuranceSettlement shape, keys in the spec's order. */
import { formatLocal } from '../../engine/clock.js';
import { money } from '../../engine/money.js';
import type { SettlementRecord, SplitRecord } from './model.js';

function splitView(split: SplitRecord) {
  return {
    national: { ...split.national },
    total: money(split.totalFen),
    fund: money(split.fundFen),
    personalAccount: money(split.personalAccountFen),
    cash: money(split.cashFen),
  };
}

export function settlementView(settlement: SettlementRecord) {
  return {
    id: settlement.id,
    status: settlement.status,
    patientId: settlement.patientId,
    organizationId: settlement.organizationId,
    encounterId: settlement.encounterId,
    orderId: settlement.orderId,
    personNumber: settlement.personNumber,
    nationalVisitId: settlement.nationalVisitId,
    feeLines: settlement.feeLines.map((line) => ({ ...line })),
    split: settlement.split === null ? null : splitView(settlement.split),
    nationalSettlementId: settlement.nationalSettlementId,
    reversal: settlement.reversal === null ? null : { reason: settlement.reversal.reason, trigger: settlement.reversal.trigger, at: formatLocal(settlement.reversal.atMs) },
    createdAt: formatLocal(settlement.createdAtMs),
    updatedAt: formatLocal(settlement.updatedAtMs),
  };
}
