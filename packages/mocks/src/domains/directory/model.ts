/** Directory records, shaped as the spec's schemas (they are returned as they are). */

export type OrganizationType = 'hospital' | 'internet-hospital' | 'primary-care' | 'pharmacy' | 'insurer' | 'manufacturer';

export interface BookingPolicy {
  holdMinutes: number;
  cancellationCutoffMinutes: number;
}

export interface Organization {
  id: string;
  type: OrganizationType;
  name: string;
  level?: 'tertiary' | 'secondary' | 'primary';
  licenceNumber: string;
  partOf: string | null;
  allianceIds: string[];
  address: { province: string; city: string; district?: string; line: string };
  bookingPolicy?: BookingPolicy;
  createdAt: string;
}

export type AllianceService = 'referral' | 'remote-consultation' | 'remote-diagnosis' | 'records' | 'settlement' | 'training';

export interface Alliance {
  id: string;
  name: string;
  leadOrganizationId: string;
  members: { organizationId: string; role: 'lead' | 'member' }[];
  sharedServices: AllianceService[];
  createdAt: string;
}

export interface Department {
  id: string;
  organizationId: string;
  name: string;
  insuranceDepartmentCode: string;
}

export type PractitionerTitle =
  | 'chief-physician'
  | 'associate-chief-physician'
  | 'attending-physician'
  | 'resident-physician'
  | 'chief-pharmacist'
  | 'pharmacist';

/** Titles of licensed pharmacists: only they review prescriptions (审方) and dispense. */
export const PHARMACIST_TITLES: readonly PractitionerTitle[] = ['chief-pharmacist', 'pharmacist'];

export interface Practitioner {
  id: string;
  name: string;
  organizationId: string;
  departmentIds: string[];
  title: PractitionerTitle;
  licenceNumber: string;
  specialties: string[];
  onlineEnabled: boolean;
  realNameVerified: boolean;
}

/** The organization types whose clients get the hospital audience's scopes and take appointments. */
export const CARE_PROVIDER_TYPES: readonly OrganizationType[] = ['hospital', 'internet-hospital', 'primary-care'];
