import { describe, expect, it } from 'vitest';
import bundle from '../generated/openapi.json' with { type: 'json' };
import { EVENT_OBJECTS, EVENT_TYPES } from './events.js';
import { ERROR_CODES } from './problem.js';

// The platform's catalogues and the spec's cannot drift: each list here equals the spec's enum.
const doc = bundle as unknown as { components: { schemas: Record<string, { enum?: string[] }> }; webhooks: Record<string, unknown> };
const specEnum = (name: string) => [...(doc.components.schemas[name]?.enum ?? [])].sort();

describe('catalogues', () => {
  it('error codes are exactly those of the spec', () => {
    expect([...ERROR_CODES].sort()).toEqual(specEnum('ErrorCode'));
  });

  it('event types are exactly those of the spec, each with its webhook', () => {
    expect([...EVENT_TYPES].sort()).toEqual(specEnum('EventType'));
    expect(Object.keys(doc.webhooks).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('event objects are exactly those of the spec', () => {
    expect([...EVENT_OBJECTS].sort()).toEqual(specEnum('EventObjectType'));
  });
});
