import type { CareloopError } from './errors.js';

/** A call that succeeded: `data` is the parsed response body. */
export interface ApiSuccess<T> {
  data: T;
  error: undefined;
  response: Response;
  requestId: string | undefined;
}

/** A call that failed: `response` is undefined when no HTTP response arrived (e.g. a ConnectionError). */
export interface ApiFailure {
  data: undefined;
  error: CareloopError;
  response: Response | undefined;
  requestId: string | undefined;
}

/** What every SDK method resolves to; check `error` before using `data`. */
export type ApiResult<T> = ApiSuccess<T> | ApiFailure;

/**
 * The return value of every SDK method. Awaiting it gives an ApiResult and never throws for API or
 * network errors; `.unwrap()` is the throwing style.
 */
export class ApiPromise<T> implements PromiseLike<ApiResult<T>> {
  readonly #result: Promise<ApiResult<T>>;

  /** `result` must never reject: failures are ApiFailure values. */
  constructor(result: Promise<ApiResult<T>>) {
    this.#result = result;
  }

  then<TResult1 = ApiResult<T>, TResult2 = never>(
    onfulfilled?: ((result: ApiResult<T>) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    return this.#result.then(onfulfilled, onrejected);
  }

  catch<TResult = never>(
    onrejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null,
  ): Promise<ApiResult<T> | TResult> {
    return this.#result.catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<ApiResult<T>> {
    return this.#result.finally(onfinally);
  }

  /** Resolves to the data, or rejects with the CareloopError. */
  async unwrap(): Promise<T> {
    const result = await this.#result;
    if (result.error) throw result.error;
    return result.data;
  }
}
