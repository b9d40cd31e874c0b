import { ApiPromise, type ApiResult } from './api-promise.js';

/** The shape of every cursor-paginated list response. */
export interface CursorPage<Item> {
  readonly data: readonly Item[];
  readonly nextCursor: string | null;
}

/**
 * The result of a list method: await it for the first page, or iterate it with `for await` to walk
 * every item of every page. Later pages are fetched only as the iteration reaches them.
 */
export class PagePromise<Item, Page extends CursorPage<Item> = CursorPage<Item>>
  extends ApiPromise<Page>
  implements AsyncIterable<Item>
{
  readonly #fetchPage: (cursor: string) => Promise<ApiResult<Page>>;

  /** `firstPage` is the request already under way; `fetchPage` requests the page at a cursor. */
  constructor(firstPage: Promise<ApiResult<Page>>, fetchPage: (cursor: string) => Promise<ApiResult<Page>>) {
    super(firstPage);
    this.#fetchPage = fetchPage;
  }

  /** Every page in turn, until `nextCursor` is null. Throws the CareloopError of a page that fails. */
  async *pages(): AsyncGenerator<Page, void, undefined> {
    let page = await this.unwrap();
    yield page;
    while (page.nextCursor !== null) {
      const result = await this.#fetchPage(page.nextCursor);
      if (result.error) throw result.error;
      page = result.data;
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }
}
