/**
 * The group-procurement rules (PLATFORM.md §8). Each rule is decided here and only here; the
 * service applies the effects. Comments and test names carry the rule ids.
 */
import { formatLocal } from '../../engine/clock.js';
import { DomainError, invalidTransition, validationFailed, type FieldError } from '../../engine/problem.js';
import type { Alliance } from '../directory/model.js';
import type { DirectoryState } from '../directory/state.js';
import type { CampaignRecord, CampaignStatus, CommitmentRecord, PriceTier, PurchaseOrderStatus } from './model.js';

/**
 * BR-PRC-1: the unit price is the tier of the TOTAL committed volume — the last tier whose
 * minQuantity it reaches — and every commitment pays it.
 */
export function tierPriceFen(tiers: readonly PriceTier[], totalQuantity: number): number {
  let price = tiers[0]?.unitPriceFen ?? 0;
  for (const tier of tiers) if (totalQuantity >= tier.minQuantity) price = tier.unitPriceFen;
  return price;
}

/** A pharmacy's commitments summed into its one purchase order, in order of first commitment. */
export function quantitiesByPharmacy(commitments: readonly CommitmentRecord[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const commitment of commitments) totals.set(commitment.pharmacyId, (totals.get(commitment.pharmacyId) ?? 0) + commitment.quantity);
  return totals;
}

/** Tiers start at 1 and rise strictly, so every total has exactly one tier. */
export function assertTiers(tiers: readonly PriceTier[]): void {
  const errors: FieldError[] = [];
  tiers.forEach((tier, index) => {
    const previous = tiers[index - 1];
    if (index === 0 ? tier.minQuantity !== 1 : previous !== undefined && tier.minQuantity <= previous.minQuantity) {
      errors.push({ pointer: `/body/tiers/${index}/minQuantity`, code: 'out_of_order', message: index === 0 ? 'the first tier starts at 1' : 'minQuantity must rise strictly' });
    }
  });
  if (errors.length > 0) throw validationFailed(errors);
}

/** Only the alliance's lead runs its campaigns; any other caller does not see the alliance as theirs. */
export function assertLeads(alliance: Alliance | undefined, organizationId: string, allianceId: string): asserts alliance is Alliance {
  if (!alliance || alliance.leadOrganizationId !== organizationId) throw new DomainError(404, 'NOT_FOUND', `${organizationId} leads no alliance ${allianceId}.`);
}

/** Commitments come from the pharmacy members of the campaign's alliance only. */
export function assertPharmacyMember(directory: DirectoryState, campaign: CampaignRecord, organizationId: string): void {
  const alliance = directory.alliances.get(campaign.allianceId);
  const isMember = alliance?.members.some((member) => member.organizationId === organizationId) ?? false;
  if (!isMember || directory.organizations.get(organizationId)?.type !== 'pharmacy') {
    throw new DomainError(422, 'NOT_IN_ALLIANCE', `${organizationId} is not a pharmacy member of ${campaign.allianceId}.`);
  }
}

/** Commitments stop at closesAt, even before the close timer has run. */
export function assertTakingCommitments(campaign: CampaignRecord, nowMs: number): void {
  if (campaign.status !== 'open' || nowMs >= campaign.closesAtMs) {
    throw new DomainError(409, 'CAMPAIGN_CLOSED', `Campaign ${campaign.id} stopped taking commitments at ${formatLocal(campaign.closedAtMs ?? campaign.closesAtMs)}.`);
  }
}

const CAMPAIGN_FROM = { close: 'open', order: 'closed' } as const satisfies Record<string, CampaignStatus>;

export function assertCampaignTransition(campaign: CampaignRecord, action: keyof typeof CAMPAIGN_FROM): void {
  const needed = CAMPAIGN_FROM[action];
  if (campaign.status !== needed) throw invalidTransition('procurement campaign', campaign.status, needed);
}

/** The purchase-order state machine: the state each action starts from. */
const ORDER_FROM = { submit: 'draft', confirm: 'submitted', ship: 'confirmed', receive: 'shipped' } as const satisfies Record<string, PurchaseOrderStatus>;

export type PurchaseOrderAction = keyof typeof ORDER_FROM;

export function assertOrderTransition(status: PurchaseOrderStatus, action: PurchaseOrderAction): void {
  const needed = ORDER_FROM[action];
  if (status !== needed) throw invalidTransition('purchase order', status, needed);
}
