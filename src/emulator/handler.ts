import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorResponse } from './http';
import type { SpecRoute } from './spec';
import type { SpecValidator } from './validate';

/** Everything a route handler gets: the validated request plus server services. */
export interface HandlerContext {
  route: SpecRoute;
  params: Record<string, string>;
  /** Query values coerced to their schema types (arrays split, integers parsed), defaults applied. */
  query: Record<string, any>;
  searchParams: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: any;
  pathname: string;
  /** Origin of this emulator, e.g. `http://127.0.0.1:4010` (PostHog pagination URLs are absolute). */
  origin: string;
  /** Request time, Unix epoch ms, from the injectable clock. */
  now: number;
  requestId: string;
  validator: SpecValidator;
}

/** A route handler, keyed by operationId in a vendor's handler table. */
export type Handler = (ctx: HandlerContext) => EmulatorResponse | Promise<EmulatorResponse>;
