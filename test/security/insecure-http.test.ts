/**
 * Plain `http://` base URLs are refused for non-loopback hosts unless `allowInsecureHttp: true`, for both
 * clients, so the key never travels in clear text by accident. Construction only: nothing is sent.
 */
import { LaunchDarklyExperiments, PostHogExperiments, ValidationError } from '../../src';

const clients = [
  {
    name: 'LaunchDarkly',
    field: 'baseUrl',
    make: (url: string, allowInsecureHttp?: boolean) =>
      new LaunchDarklyExperiments({ apiKey: 'api-0123456789abcdef', baseUrl: url, allowInsecureHttp }),
  },
  {
    name: 'PostHog',
    field: 'host',
    make: (url: string, allowInsecureHttp?: boolean) =>
      new PostHogExperiments({ apiKey: 'phx_0123456789abcdef', projectId: 1, host: url, allowInsecureHttp }),
  },
];

const NON_LOOPBACK = [
  'http://example.com',
  'http://app.launchdarkly.com',
  'http://us.posthog.com',
  'http://10.0.0.1:8080',
  'http://192.168.1.10',
  'http://localhost.example.com',
  'http://127.0.0.1.nip.io',
  'http://[::ffff:7f00:1]', // IPv4-mapped loopback: refused (conservative)
  'http://[2001:db8::1]',
  'HTTP://EXAMPLE.COM',
];
const LOOPBACK = [
  'http://localhost:8080',
  'http://127.0.0.1:1',
  'http://127.1.2.3',
  'http://[::1]:9000',
  'http://LOCALHOST',
];
const HTTPS = ['https://example.com', 'https://10.0.0.1:8443/base', 'https://[2001:db8::1]'];

describe.each(clients)('$name client', ({ make, field }) => {
  it.each(NON_LOOPBACK)('refuses %s without allowInsecureHttp', (url) => {
    let error: unknown;
    try {
      make(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as ValidationError).message).toMatch(/allowInsecureHttp/);
  });

  it.each(NON_LOOPBACK)('accepts %s with allowInsecureHttp: true', (url) => {
    expect(make(url, true).baseUrl).toBe(new URL(url).origin);
  });

  it.each(LOOPBACK)('accepts loopback %s without the flag', (url) => {
    expect(make(url).baseUrl).toBe(new URL(url).origin);
  });

  it.each(HTTPS)('accepts %s', (url) => {
    expect(make(url).baseUrl).toBe(url.replace(/\/+$/, ''));
  });

  it.each([
    'ftp://example.com',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'https://user:pw@example.com',
    'https://example.com/?q=1',
    'https://example.com/#x',
  ])('refuses %s even with allowInsecureHttp', (url) => {
    expect(() => make(url, true)).toThrow(ValidationError);
  });
});

it('the default hosts are https', () => {
  expect(new LaunchDarklyExperiments({ apiKey: 'api-0123456789abcdef' }).baseUrl).toMatch(/^https:\/\//);
  expect(new PostHogExperiments({ apiKey: 'phx_0123456789abcdef', projectId: 1 }).baseUrl).toMatch(/^https:\/\//);
  expect(new PostHogExperiments({ apiKey: 'phx_0123456789abcdef', projectId: 1, host: 'eu' }).baseUrl).toMatch(
    /^https:\/\//,
  );
});
