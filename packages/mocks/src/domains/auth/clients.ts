/** Sandbox OAuth clients: one per organization, with its audience's scopes. */
import type { DirectoryState } from '../directory/state.js';
import { CARE_PROVIDER_TYPES, type Organization } from '../directory/model.js';

export type Audience = 'hospital' | 'pharmacy' | 'insurer' | 'manufacturer';

export const HOSPITAL_SCOPES = [
  'directory:read',
  'schedules:read',
  'schedules:write',
  'appointments:read',
  'appointments:write',
  'events:read',
  'encounters:read',
  'encounters:write',
  'records:read',
  'records:write',
  'audit:read',
  'prescriptions:read',
  'prescriptions:write',
  'consultations:read',
  'consultations:write',
  'referrals:read',
  'referrals:write',
  'plans:read',
  'claims:read',
  'claims:write',
  'eligibility:read',
  'payments:read',
  'payments:write',
  'settlements:read',
  'national-insurance:read',
  'national-insurance:write',
  'procurement:read',
  'procurement:write',
  'care-programmes:read',
  'care-programmes:write',
  'ai:read',
  'ai:write',
  'training:read',
  'training:write',
  'connectors:read',
  'connectors:write',
  'webhooks:read',
  'webhooks:write',
] as const;
export const PHARMACY_SCOPES = [
  'directory:read',
  'events:read',
  'encounters:read',
  'prescriptions:read',
  'fulfilment:write',
  'inventory:read',
  'inventory:write',
  'audit:read',
  'plans:read',
  'claims:read',
  'claims:write',
  'eligibility:read',
  'payments:read',
  'payments:write',
  'settlements:read',
  'procurement:read',
  'procurement:write',
  'members:read',
  'members:write',
  'care-programmes:read',
  'care-programmes:write',
  'webhooks:read',
  'webhooks:write',
] as const;
export const INSURER_SCOPES = [
  'directory:read',
  'events:read',
  'plans:read',
  'coverages:read',
  'coverages:write',
  'claims:read',
  'claims:adjudicate',
  'eligibility:read',
  'settlements:read',
  'webhooks:read',
  'webhooks:write',
] as const;
export const MANUFACTURER_SCOPES = [
  'directory:read',
  'events:read',
  'plans:read',
  'procurement:read',
  'procurement:supply',
] as const;
export const PATIENT_SCOPES = [
  'directory:read',
  'schedules:read',
  'appointments:read',
  'appointments:write',
  'events:read',
  'encounters:read',
  'encounters:write',
  'records:read',
  'consents:read',
  'consents:write',
  'audit:read',
  'prescriptions:read',
  'prescriptions:write',
  'plans:read',
  'coverages:read',
  'coverages:write',
  'claims:read',
  'claims:write',
  'eligibility:read',
  'payments:read',
  'payments:write',
  'members:read',
  'care-programmes:read',
  'care-programmes:write',
  'ai:read',
  'records:write',
] as const;

const SCOPES_OF: Record<Audience, readonly string[]> = {
  hospital: HOSPITAL_SCOPES,
  pharmacy: PHARMACY_SCOPES,
  insurer: INSURER_SCOPES,
  manufacturer: MANUFACTURER_SCOPES,
};

export interface SandboxClient {
  audience: Audience;
  organizationId: string;
  name: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

export function audienceOf(organization: Organization): Audience {
  if (CARE_PROVIDER_TYPES.includes(organization.type)) return 'hospital';
  return organization.type === 'pharmacy' ? 'pharmacy' : organization.type === 'insurer' ? 'insurer' : 'manufacturer';
}

/** `cli_<short>` / `sk_sandbox_<short>`, where `<short>` is the organization id without `org_`. */
export function sandboxClients(directory: DirectoryState): SandboxClient[] {
  return [...directory.organizations.values()].map((organization) => {
    const short = organization.id.replace(/^org_/, '');
    const audience = audienceOf(organization);
    return {
      audience,
      organizationId: organization.id,
      name: organization.name,
      clientId: `cli_${short}`,
      clientSecret: `sk_sandbox_${short}`,
      scopes: [...SCOPES_OF[audience]],
    };
  });
}
