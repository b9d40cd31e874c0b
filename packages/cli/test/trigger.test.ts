import { EVENT_TYPES } from '@careloop/mocks';
import type { RunningMockServer } from '@careloop/mocks/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECIPES } from '../src/index.js';
import { careloop, mockServer } from './helpers.js';

// One platform for every recipe, run in sequence: recipes must work on a platform other recipes
// (and earlier runs of themselves) have already changed.
let server: RunningMockServer;
const started = Date.now();
beforeAll(async () => {
  server = await mockServer();
});
afterAll(async () => {
  console.log(`trigger: ${EVENT_TYPES.length} event types in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await server.close();
});

describe('careloop trigger', () => {
  it.each(EVENT_TYPES.map((type) => [type]))('%s: the recipe makes the platform emit it', async (type) => {
    expect(RECIPES[type], `no recipe for ${type}`).toBeDefined();
    const result = await careloop(['trigger', type, '--base-url', server.url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').filter((line) => /^\d{4}-\d\d-\d\dT/.test(line));
    expect(lines.some((line) => line.split(/\s+/)[1] === type)).toBe(true);
  });

  it('works again on the same platform (appointment.booked and prescription.dispensed twice more)', async () => {
    for (const type of ['appointment.booked', 'prescription.dispensed', 'appointment.booked', 'prescription.dispensed']) {
      expect((await careloop(['trigger', type, '--base-url', server.url])).code).toBe(0);
    }
  });

  it('answers an unknown type with the list of valid types and exit code 2', async () => {
    const result = await careloop(['trigger', 'appointment.teleported', '--base-url', server.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown event type 'appointment.teleported'");
    expect(result.stderr).toContain('  appointment.booked\n');
    expect(result.stdout).toBe('');
  });

  it('lists its types with --list, one per event type of the platform', async () => {
    const result = await careloop(['trigger', '--list']);
    expect(result.stdout.trim().split('\n').sort()).toEqual([...EVENT_TYPES].sort());
  });
});
