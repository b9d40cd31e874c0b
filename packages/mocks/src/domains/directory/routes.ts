/** Directory operations: visible to every authenticated caller. Lists are ordered by id. */
import { pathParam, queryBoolean, queryNumber, queryString, type RouteTable } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import { notFound } from '../../engine/problem.js';
import type { DirectoryState } from './state.js';

const byId = <T extends { id: string }>(item: T): [string] => [item.id];
const copy = <T>(item: T): T => structuredClone(item);

/** The smallest candidate list among the filters given (an index lookup), or every item. */
function candidates<T>(all: Iterable<T>, lookups: (readonly T[] | undefined | false)[]): Iterable<T> {
  let best: readonly T[] | undefined;
  for (const list of lookups) {
    if (list === false) continue;
    const found = list ?? [];
    if (!best || found.length < best.length) best = found;
  }
  return best ?? all;
}

export function directoryRoutes(directory: DirectoryState): RouteTable {
  return {
    listOrganizations({ query }) {
      const type = queryString(query, 'type');
      const allianceId = queryString(query, 'allianceId');
      const items = [
        ...candidates(directory.organizations.values(), [
          type !== undefined && directory.organizationsByType.get(type),
          allianceId !== undefined && directory.organizationsByAlliance.get(allianceId),
        ]),
      ].filter((o) => (type === undefined || o.type === type) && (allianceId === undefined || o.allianceIds.includes(allianceId)));
      return {
        status: 200,
        body: paginate(items, { keyOf: byId, view: copy, limit: queryNumber(query, 'limit'), cursor: queryString(query, 'cursor') }),
      };
    },

    getOrganization(context) {
      const id = pathParam(context, 'organizationId');
      const organization = directory.organizations.get(id);
      if (!organization) throw notFound('organization', id);
      return { status: 200, body: copy(organization) };
    },

    listAlliances({ query }) {
      const organizationId = queryString(query, 'organizationId');
      const items =
        organizationId === undefined ? [...directory.alliances.values()] : directory.alliancesByOrganization.get(organizationId) ?? [];
      return {
        status: 200,
        body: paginate(items, { keyOf: byId, view: copy, limit: queryNumber(query, 'limit'), cursor: queryString(query, 'cursor') }),
      };
    },

    getAlliance(context) {
      const id = pathParam(context, 'allianceId');
      const alliance = directory.alliances.get(id);
      if (!alliance) throw notFound('alliance', id);
      return { status: 200, body: copy(alliance) };
    },

    listDepartments({ query }) {
      const organizationId = queryString(query, 'organizationId');
      const items =
        organizationId === undefined ? [...directory.departments.values()] : directory.departmentsByOrganization.get(organizationId) ?? [];
      return {
        status: 200,
        body: paginate(items, { keyOf: byId, view: copy, limit: queryNumber(query, 'limit'), cursor: queryString(query, 'cursor') }),
      };
    },

    getDepartment(context) {
      const id = pathParam(context, 'departmentId');
      const department = directory.departments.get(id);
      if (!department) throw notFound('department', id);
      return { status: 200, body: copy(department) };
    },

    listPractitioners({ query }) {
      const organizationId = queryString(query, 'organizationId');
      const departmentId = queryString(query, 'departmentId');
      const specialty = queryString(query, 'specialty')?.toLowerCase();
      const onlineEnabled = queryBoolean(query, 'onlineEnabled');
      const items = [
        ...candidates(directory.practitioners.values(), [
          organizationId !== undefined && directory.practitionersByOrganization.get(organizationId),
          departmentId !== undefined && directory.practitionersByDepartment.get(departmentId),
        ]),
      ].filter(
        (p) =>
          (organizationId === undefined || p.organizationId === organizationId) &&
          (departmentId === undefined || p.departmentIds.includes(departmentId)) &&
          (specialty === undefined || p.specialties.some((s) => s.toLowerCase() === specialty)) &&
          (onlineEnabled === undefined || p.onlineEnabled === onlineEnabled),
      );
      return {
        status: 200,
        body: paginate(items, { keyOf: byId, view: copy, limit: queryNumber(query, 'limit'), cursor: queryString(query, 'cursor') }),
      };
    },

    getPractitioner(context) {
      const id = pathParam(context, 'practitionerId');
      const practitioner = directory.practitioners.get(id);
      if (!practitioner) throw notFound('practitioner', id);
      return { status: 200, body: copy(practitioner) };
    },
  };
}
