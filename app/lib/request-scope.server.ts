import { AsyncLocalStorage } from "node:async_hooks";
import type { AppContext } from "../services/context";

/**
 * What the server knows about the request being answered, for code that is not handed it:
 * formAction and forPage translate a refusal into the reader's language without every page
 * passing its request along. The server bundle and the Remix bundle each load this module, so
 * the store lives on a global both share.
 */
export interface RequestScope {
  app: AppContext;
  /** The request as the Fetch API sees it (made on first use). */
  request: () => Request;
  /** Post bodies the page's loader kept out of its data, for the server render (components/post-html.tsx). */
  postHtml?: Map<number, string>;
}

const KEY = Symbol.for("gleaner.requestScope");
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestScope> | undefined>;

export const requestScope: AsyncLocalStorage<RequestScope> = (holder[KEY] ??= new AsyncLocalStorage<RequestScope>());

export const currentRequestScope = (): RequestScope | undefined => requestScope.getStore();
