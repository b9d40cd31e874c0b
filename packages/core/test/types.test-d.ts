import { describe, expectTypeOf, it } from 'vitest';
import {
  ApiError,
  type ApiPromise,
  type ApiResult,
  type CareloopError,
  type Middleware,
  type PagePromise,
  type Problem,
} from '../src/index.js';
import { createPatientClient, type Appointment, type Slot, type SlotList } from './fixtures/patient-api.js';

const client = createPatientClient({ auth: { clientId: 'cli_1', clientSecret: 'sk_1' } });

describe('SDK method types', () => {
  it('returns ApiPromise<T> whose unwrap() resolves to T', () => {
    expectTypeOf(client.slots.hold('slt_1')).toEqualTypeOf<ApiPromise<Appointment>>();
    expectTypeOf(client.slots.hold('slt_1').unwrap()).toEqualTypeOf<Promise<Appointment>>();
    expectTypeOf(client.slots.hold('slt_1')).toExtend<PromiseLike<ApiResult<Appointment>>>();
  });

  it('resolves to a result whose error is a CareloopError and whose data narrows on it', async () => {
    const result = await client.appointments.cancel('apt_1', { reason: 'ill' });
    expectTypeOf(result.error).toEqualTypeOf<CareloopError | undefined>();
    if (result.error) {
      expectTypeOf(result.data).toEqualTypeOf<undefined>();
      expectTypeOf(result.response).toEqualTypeOf<Response | undefined>();
    } else {
      expectTypeOf(result.data).toEqualTypeOf<Appointment>();
      expectTypeOf(result.response).toEqualTypeOf<Response>();
    }
    expectTypeOf(result.requestId).toEqualTypeOf<string | undefined>();
  });

  it('makes list methods async-iterable over items and awaitable for the first page', () => {
    const list = client.slots.list({ date: '2026-06-03' });
    expectTypeOf(list).toEqualTypeOf<PagePromise<Slot, SlotList>>();
    expectTypeOf(list).toExtend<AsyncIterable<Slot>>();
    expectTypeOf(list.pages()).toExtend<AsyncIterable<SlotList>>();
    expectTypeOf(list.unwrap()).toEqualTypeOf<Promise<SlotList>>();
  });

  it('checks arguments', () => {
    // @ts-expect-error the path parameter is required
    void client.slots.hold();
    // @ts-expect-error unknown query parameter
    void client.slots.list({ dates: '2026-06-03' });
    // @ts-expect-error idempotencyKey must be a string
    void client.slots.hold('slt_1', { idempotencyKey: 42 });
  });
});

describe('raw client types', () => {
  it('types GET/POST by path', async () => {
    const { data } = await client.GET('/v1/slots', { params: { query: { date: '2026-06-03' } } });
    expectTypeOf(data).toEqualTypeOf<SlotList | undefined>();
    // @ts-expect-error path parameters are required
    void client.POST('/v1/slots/{slotId}/hold', {});
    // @ts-expect-error no such path
    void client.GET('/v1/nowhere');
  });
});

describe('errors and middleware', () => {
  it('types ApiError fields', () => {
    const error = ApiError.from(new Response(null, { status: 404 }), undefined);
    expectTypeOf(error.status).toEqualTypeOf<number>();
    expectTypeOf(error.code).toEqualTypeOf<string>();
    expectTypeOf(error.requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.problem).toEqualTypeOf<Problem>();
    expectTypeOf(error.retryable).toEqualTypeOf<boolean>();
  });

  it('accepts a plain async middleware function', () => {
    const logging: Middleware = async (request, next, context) => {
      expectTypeOf(context.operationId).toEqualTypeOf<string | undefined>();
      expectTypeOf(context.attempt).toEqualTypeOf<number>();
      return next(request);
    };
    expectTypeOf(createPatientClient).parameter(0).toHaveProperty('middleware');
    void createPatientClient({ middleware: [logging] });
  });
});
