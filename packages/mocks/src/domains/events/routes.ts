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
import { validationFailed } from '../../engine/problem.js';

export function eventRoutes(feed: EventFeed): RouteTable {
  return {
    listEvents(context) {
      const caller = requireCaller(context);
      const afterId = queryString(context.query, 'after');
      let after = 0;
      if (afterId !== undefined) {
        const sequence = eventSequence(afterId);
        if (sequence === undefined) {
          throw validationFailed([{ pointer: '/query/after', code: 'pattern', message: 'must be an event id such as evt_00000001' }]);
        }
        after = sequence;
      }
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
