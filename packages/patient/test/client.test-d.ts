import { describe, expectTypeOf, it } from 'vitest';
import { createPatientClient, type Appointment, type ApiResult, type CareloopError, type Slot } from '../src/index.js';

const careloop = createPatientClient({ auth: { accessToken: 'tok_test' } });

describe('patient SDK types', () => {
  it('types methods from the spec: path params positional, params, typed results', () => {
    expectTypeOf(careloop.slots.hold).parameters.toEqualTypeOf<[slotId: string, options?: import('@careloop/core').RequestOptions]>();
    expectTypeOf(careloop.slots.hold('slt_x').unwrap()).resolves.toEqualTypeOf<Appointment>();
    expectTypeOf(careloop.appointments.book('apt_x')).resolves.toEqualTypeOf<ApiResult<Appointment>>();
    expectTypeOf<Parameters<typeof careloop.appointments.reschedule>[1]>().toEqualTypeOf<{ slotId: string }>();
  });

  it('narrows results on error', async () => {
    const result = await careloop.slots.get('slt_x');
    if (result.error) {
      expectTypeOf(result.error).toEqualTypeOf<CareloopError>();
      expectTypeOf(result.data).toEqualTypeOf<undefined>();
    } else {
      expectTypeOf(result.data).toEqualTypeOf<Slot>();
    }
  });

  it('iterates list items with for await', async () => {
    for await (const slot of careloop.slots.list({ available: true })) expectTypeOf(slot).toEqualTypeOf<Slot>();
  });

  it('rejects bad params at compile time', () => {
    // @ts-expect-error — `limit` is a number
    careloop.slots.list({ limit: 'ten' });
    // @ts-expect-error — reschedule needs a slotId
    careloop.appointments.reschedule('apt_x', {});
    // @ts-expect-error — hospital-only operations are not in the patient SDK
    careloop.schedules.create;
  });

  it('keeps the raw openapi-fetch methods typed by path', () => {
    expectTypeOf(careloop.GET).toBeFunction();
    // @ts-expect-error — not a path of the patient spec
    careloop.GET('/v1/not-a-path');
  });
});
