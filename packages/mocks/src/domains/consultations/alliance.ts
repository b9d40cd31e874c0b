/**
 * Care across institutions happens inside a medical alliance (医联体): two organizations work
 * together on a service (referral, remote consultation, remote diagnosis) only when they share an
 * alliance offering it. Consultations and referrals both ask this.
 */
import { DomainError } from '../../engine/problem.js';
import type { AllianceService } from '../directory/model.js';
import type { DirectoryState } from '../directory/state.js';

export function assertSharedAlliance(directory: DirectoryState, organizationId: string, partnerId: string, service: AllianceService): void {
  const partnerAlliances = new Set((directory.alliancesByOrganization.get(partnerId) ?? []).map((alliance) => alliance.id));
  const shared = (directory.alliancesByOrganization.get(organizationId) ?? []).some(
    (alliance) => partnerAlliances.has(alliance.id) && alliance.sharedServices.includes(service),
  );
  if (!shared) {
    throw new DomainError(422, 'NOT_IN_ALLIANCE', `${organizationId} and ${partnerId} share no medical alliance offering ${service}.`);
  }
}
