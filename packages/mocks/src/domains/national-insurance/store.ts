/** Settlements, indexed by hospital and by order; and the seeded personal-account balances. */
import { MultiIndex } from '../../engine/multi-index.js';
import type { SettlementRecord } from './model.js';

export class SettlementStore {
  readonly settlements = new Map<string, SettlementRecord>();
  readonly byOrganization = new MultiIndex();
  readonly byOrder = new Map<string, string>();
  /** Each insured patient's personal-account (个人账户) balance in fen, as the national platform holds it. */
  readonly personalAccountFen = new Map<string, number>();

  add(settlement: SettlementRecord): void {
    this.settlements.set(settlement.id, settlement);
    this.byOrganization.add(settlement.organizationId, settlement.id);
    this.byOrder.set(settlement.orderId, settlement.id);
  }

  get(id: string): SettlementRecord | undefined {
    return this.settlements.get(id);
  }
}
