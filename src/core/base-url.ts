import { ValidationError } from './errors';

/** Options of {@link checkBaseUrl}. */
export interface BaseUrlOptions {
  /** Allow `http://` to hosts other than loopback. Default false: the API key would travel in clear text. */
  allowInsecureHttp?: boolean;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Validates a base URL and returns it without trailing slashes. Refuses non-http(s) schemes, embedded
 * credentials, query or fragment, and plain `http://` to a non-loopback host unless explicitly allowed.
 */
export function checkBaseUrl(value: string, options: BaseUrlOptions = {}): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(`baseUrl is not a valid URL: ${JSON.stringify(value)}`, { field: 'baseUrl' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError(`baseUrl must use https (got ${url.protocol})`, {
      field: 'baseUrl',
    });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ValidationError('baseUrl must not contain credentials, a query or a fragment', { field: 'baseUrl' });
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !options.allowInsecureHttp) {
    throw new ValidationError(
      `baseUrl ${url.origin} uses plain http to a non-loopback host; use https or set allowInsecureHttp: true`,
      { field: 'baseUrl' },
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
