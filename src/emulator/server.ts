import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTROL_PREFIX, type ControlTarget, handleControl } from './control';
import { writeMangled } from './fault-responses';
import type { Fault, FaultRegistry } from './faults';
import type { Handler } from './handler';
import { type EmulatorResponse, HttpError, codeForStatus, errorBody, readBody, serialize, writeResponse } from './http';
import type { RateLimiter } from './rate-limit';
import { type RecordedRequest, recordBody, recordHeaders, recordQuery } from './request-log';
import { type RouteMatch, matchRoute, vendorForPath } from './router';
import type { LoadedSpec, Vendor } from './spec';
import type { SpecValidator } from './validate';

/** Settings that `configure()` may change while the server runs. */
export interface LiveConfig {
  apiKeys: string[];
  posthogApiKeys: string[];
  now: () => number;
  validateResponses: boolean;
}

/** What the request pipeline needs from the emulator. */
export interface PipelineDeps {
  spec: LoadedSpec;
  validator: SpecValidator;
  handlers: Record<string, Handler>;
  config: () => LiveConfig;
  faults: FaultRegistry;
  rateLimiter: () => RateLimiter | undefined;
  log: RecordedRequest[];
  control: ControlTarget;
  /** Base URL of the emulator, used when a request carries no Host header. */
  origin: () => string;
  /** Waits `ms`; resolves false if the emulator closed meanwhile. */
  delay: (ms: number) => Promise<boolean>;
}

/**
 * Checks credentials the way each vendor does. LaunchDarkly: the header is the bare token, so
 * `Bearer <token>` is refused. PostHog: `Bearer <personal API key>`.
 */
function authenticate(vendor: Vendor, header: string | undefined, config: LiveConfig): void {
  if (vendor === 'launchdarkly') {
    if (!header) throw new HttpError(401, 'unauthorized', 'No access token in the Authorization header');
    if (config.apiKeys.includes(header)) return;
    const hint = /^bearer\s/i.test(header)
      ? ": send the token itself as the Authorization header, without 'Bearer '"
      : '';
    throw new HttpError(401, 'unauthorized', `Invalid access token${hint}`);
  }
  if (!header) throw new HttpError(401, 'not_authenticated', 'Authentication credentials were not provided.');
  const key = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!key || !config.posthogApiKeys.includes(key))
    throw new HttpError(401, 'authentication_failed', 'Invalid personal API key.');
}

/**
 * LaunchDarkly lets `POST` carry `X-HTTP-Method-Override: PATCH` for proxies that block PATCH; the
 * request is then routed as the overriding method.
 */
function effectiveMethod(req: IncomingMessage, pathname: string): string {
  const method = (req.method ?? 'GET').toUpperCase();
  const override = req.headers['x-http-method-override'];
  if (method === 'POST' && typeof override === 'string' && vendorForPath(pathname) === 'launchdarkly')
    return override.toUpperCase();
  return method;
}

/** Order: rate limit → faults → auth → routing → validation → handler (see README.md). */
export function createRequestListener(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((error) => {
      // Last resort: the pipeline itself failed (a bug); answer rather than leave the socket hanging.
      const payload = Buffer.from(
        JSON.stringify({ code: 'internal_server_error', message: String(error?.message ?? error) }),
      );
      writeResponse(res, 500, { 'Content-Type': 'application/json' }, payload);
    });
  };
}

async function handle(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const pathname = url.pathname;
  const method = effectiveMethod(req, pathname);
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (error) {
    const e =
      error instanceof HttpError ? error : new HttpError(400, 'invalid_request', 'could not read the request body');
    writeResponse(
      res,
      e.status,
      { 'Content-Type': 'application/json', Connection: 'close' },
      Buffer.from(JSON.stringify({ code: e.code, message: e.message, id: requestId })),
    );
    return;
  }
  if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
    const response = handleControl(deps.control, method, pathname, recordBody(raw));
    const { headers, payload } = serialize(response);
    writeResponse(res, response.status, headers, payload);
    return;
  }
  const config = deps.config();
  const now = config.now();
  const match = matchRoute(deps.spec.routes, method, pathname);
  const route = match.kind === 'found' ? match.route : undefined;
  const vendor: Vendor = match.kind === 'found' ? match.route.vendor : match.vendor;
  const entry: RecordedRequest = {
    seq: deps.log.length + 1,
    requestId,
    time: now,
    method,
    path: pathname,
    query: recordQuery(url.searchParams),
    headers: recordHeaders(req.headers),
    vendor,
  };
  if (route) entry.operationId = route.operationId;
  const recorded = recordBody(raw);
  if (recorded !== undefined) entry.body = recorded;
  deps.log.push(entry);

  const toResponse = (error: HttpError, headers: Record<string, string> = {}): EmulatorResponse => ({
    status: error.status,
    body: errorBody(vendor, error, requestId),
    headers,
  });
  const finish = (response: EmulatorResponse) => {
    entry.status = response.status;
    const { headers, payload } = serialize(response);
    writeResponse(res, response.status, headers, payload);
  };

  const decision = deps.rateLimiter()?.check({
    vendor,
    routeKey: `${method} ${route?.template ?? pathname}`,
    token: String(req.headers.authorization ?? ''),
    now,
  });
  const limitHeaders = decision?.headers ?? {};
  if (decision?.limited) {
    entry.rateLimited = true;
    const error =
      vendor === 'posthog'
        ? new HttpError(
            429,
            'throttled',
            `Request was throttled. Expected available in ${decision.retryAfterSeconds} seconds.`,
          )
        : new HttpError(429, 'rate_limited', "You've exceeded the API rate limit. Try again later.");
    finish(toResponse(error, limitHeaders));
    return;
  }

  const { latencyMs, fault } = deps.faults.take({
    method,
    pathname,
    operationId: route?.operationId,
    template: route?.template,
  });
  if (fault) entry.fault = fault.kind;
  if (latencyMs > 0 && !(await deps.delay(latencyMs))) {
    res.destroy();
    return;
  }
  const fail = (f: Fault) => {
    if (f.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const status = f.status ?? 500;
    const body =
      f.body !== undefined
        ? f.body
        : errorBody(
            vendor,
            new HttpError(status, codeForStatus(vendor, status), `Injected fault: HTTP ${status}`),
            requestId,
          );
    finish({ status, body, headers: { ...limitHeaders, ...(f.headers ?? {}) } });
  };
  const failsFirst = fault && (fault.kind === 'status' || fault.kind === 'drop');
  if (fault && failsFirst && fault.phase !== 'after') {
    fail(fault);
    return;
  }

  let response = await process(deps, config, match, { req, url, raw, now, requestId, toResponse });
  response = { ...response, headers: { ...limitHeaders, ...(response.headers ?? {}) } };
  if (fault && failsFirst) fail(fault);
  else if (fault) {
    entry.status = response.status === 204 ? 200 : response.status;
    writeMangled(res, fault, response);
  } else finish(response);
}

interface RequestInfo {
  req: IncomingMessage;
  url: URL;
  raw: Buffer;
  now: number;
  requestId: string;
  toResponse: (error: HttpError, headers?: Record<string, string>) => EmulatorResponse;
}

async function process(
  deps: PipelineDeps,
  config: LiveConfig,
  match: RouteMatch,
  info: RequestInfo,
): Promise<EmulatorResponse> {
  const vendor = match.kind === 'found' ? match.route.vendor : match.vendor;
  try {
    authenticate(vendor, info.req.headers.authorization, config);
    if (match.kind === 'not-found')
      throw new HttpError(404, 'not_found', `No route for ${info.req.method} ${info.url.pathname}`);
    if (match.kind === 'method-not-allowed') {
      return info.toResponse(new HttpError(405, 'method_not_allowed', `Method "${info.req.method}" not allowed.`), {
        Allow: match.allowed.join(', '),
      });
    }
    const { route, params } = match;
    const handler = deps.handlers[route.operationId];
    if (!handler)
      throw new HttpError(501, 'not_implemented', `${route.operationId} is not implemented by the emulator`);
    // Emulator-only routes have no operation in the spec to validate against.
    const validated = route.emulatorOnly
      ? { query: {}, body: undefined }
      : deps.validator.validateRequest(route, {
          params,
          searchParams: info.url.searchParams,
          headers: info.req.headers,
          rawBody: info.raw,
        });
    const host = info.req.headers.host;
    const response = await handler({
      route,
      params,
      query: validated.query,
      searchParams: info.url.searchParams,
      headers: info.req.headers,
      body: validated.body,
      pathname: info.url.pathname,
      origin: host ? `http://${host}` : deps.origin(),
      now: info.now,
      requestId: info.requestId,
      validator: deps.validator,
    });
    if (config.validateResponses && !route.emulatorOnly) {
      const problems = deps.validator.validateResponse(route.operationId, response.status, response.body);
      if (problems.length) {
        throw new HttpError(
          500,
          'emulator_invalid_response',
          `emulator produced an invalid ${route.operationId} response: ${problems.join('; ')}`,
        );
      }
    }
    return response;
  } catch (error) {
    if (error instanceof HttpError) return info.toResponse(error);
    return info.toResponse(
      new HttpError(500, 'internal_server_error', `emulator error: ${(error as Error)?.message ?? String(error)}`),
    );
  }
}
