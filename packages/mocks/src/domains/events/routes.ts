/** GET /v1/events: the caller's own events, oldest first, read on with `after`. */
import { queryNumber, queryString, requireCaller, type RouteTable } from '../../engine/context.js';
import { DEFAULT_LIMIT } from '../../engine/pagination.js';
import {
  eventSequence,
  organizationAudience,
  patientAudience,
  type EventFeed,
  type EventType,
} from '../../engine/events.js';

export function eventRoutes(feed: EventFeed): RouteTable {
  return {
    listEvents(context) {
      const caller = requireCaller(context);
      const afterId = queryString(context.query, 'after');
      // The spec's pattern (^evt_[0-9]{8}$) has already been enforced by request validation.
      const after = afterId === undefined ? 0 : (eventSequence(afterId) ?? 0);
      // An organization sees events about its own resources; a patient those about their own appointments.
      const audience = caller.kind === 'patient' ? patientAudience(caller.patientId) : organizationAudience(caller.organizationId);
      const data = feed.read(audience, {
        after,
        type: queryString(context.query, 'type') as EventType | undefined,
        limit: queryNumber(context.query, 'limit') ?? DEFAULT_LIMIT,
      });
      const last = data[data.length - 1];
      return { status: 200, body: { data, nextCursor: last ? last.id : null } };
    },
  };
}
