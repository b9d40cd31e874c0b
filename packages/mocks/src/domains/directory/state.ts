/** The directory, indexed for the filters its list operations offer. */
import type { Alliance, Department, Organization, Practitioner } from './model.js';
import { SEED_ALLIANCES, SEED_DEPARTMENTS, SEED_ORGANIZATIONS, SEED_PRACTITIONERS } from './seed.js';

function group<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  }
  return map;
}

export class DirectoryState {
  readonly organizations: ReadonlyMap<string, Organization>;
  readonly alliances: ReadonlyMap<string, Alliance>;
  readonly departments: ReadonlyMap<string, Department>;
  readonly practitioners: ReadonlyMap<string, Practitioner>;
  readonly organizationsByType: ReadonlyMap<string, Organization[]>;
  readonly organizationsByAlliance: ReadonlyMap<string, Organization[]>;
  readonly alliancesByOrganization: ReadonlyMap<string, Alliance[]>;
  readonly departmentsByOrganization: ReadonlyMap<string, Department[]>;
  readonly practitionersByOrganization: ReadonlyMap<string, Practitioner[]>;
  readonly practitionersByDepartment: ReadonlyMap<string, Practitioner[]>;

  constructor() {
    // Copies, so a platform can never change another's (or the module's) seed.
    const organizations = structuredClone(SEED_ORGANIZATIONS) as Organization[];
    const alliances = structuredClone(SEED_ALLIANCES) as Alliance[];
    const departments = structuredClone(SEED_DEPARTMENTS) as Department[];
    const practitioners = structuredClone(SEED_PRACTITIONERS) as Practitioner[];
    this.organizations = new Map(organizations.map((o) => [o.id, o]));
    this.alliances = new Map(alliances.map((a) => [a.id, a]));
    this.departments = new Map(departments.map((d) => [d.id, d]));
    this.practitioners = new Map(practitioners.map((p) => [p.id, p]));
    this.organizationsByType = group(organizations, (o) => [o.type]);
    this.organizationsByAlliance = group(organizations, (o) => o.allianceIds);
    this.alliancesByOrganization = group(alliances, (a) => a.members.map((m) => m.organizationId));
    this.departmentsByOrganization = group(departments, (d) => [d.organizationId]);
    this.practitionersByOrganization = group(practitioners, (p) => [p.organizationId]);
    this.practitionersByDepartment = group(practitioners, (p) => p.departmentIds);
  }

  /** The booking policy of an organization that takes appointments (every care provider has one). */
  bookingPolicy(organizationId: string): { holdMinutes: number; cancellationCutoffMinutes: number } {
    return this.organizations.get(organizationId)?.bookingPolicy ?? { holdMinutes: 10, cancellationCutoffMinutes: 120 };
  }
}
