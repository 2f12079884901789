import type { SpecRoute, Vendor } from './spec';

/** Outcome of matching a request against the spec's route table. */
export type RouteMatch =
  | { kind: 'found'; route: SpecRoute; params: Record<string, string> }
  | { kind: 'method-not-allowed'; vendor: Vendor; allowed: string[] }
  | { kind: 'not-found'; vendor: Vendor };

/**
 * Guesses the vendor of a path no route matched, so even a 404 or 429 uses the right error body:
 * PostHog's API lives under `/api/projects/`, LaunchDarkly's under `/api/v2/`.
 */
export function vendorForPath(pathname: string): Vendor {
  return pathname.startsWith('/api/projects/') || pathname.startsWith('/api/environments/')
    ? 'posthog'
    : 'launchdarkly';
}

/** Matches `method` + `pathname` (no query) against the routes; path parameters are URI-decoded. */
export function matchRoute(routes: SpecRoute[], method: string, pathname: string): RouteMatch {
  const allowed: string[] = [];
  let vendor: Vendor | undefined;
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      vendor = route.vendor;
      continue;
    }
    const params: Record<string, string> = {};
    try {
      route.paramNames.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
    } catch {
      // A malformed percent-escape cannot name any resource.
      return { kind: 'not-found', vendor: route.vendor };
    }
    return { kind: 'found', route, params };
  }
  if (allowed.length) return { kind: 'method-not-allowed', vendor: vendor!, allowed };
  return { kind: 'not-found', vendor: vendorForPath(pathname) };
}
