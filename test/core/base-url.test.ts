import { checkBaseUrl } from '../../src/core/base-url';
import { ValidationError } from '../../src/core/errors';

describe('checkBaseUrl', () => {
  it.each([
    ['https://app.launchdarkly.com/', 'https://app.launchdarkly.com'],
    ['https://proxy.example.com/ld//', 'https://proxy.example.com/ld'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.5.6.7', 'http://127.5.6.7'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
  ])('accepts %s', (input, expected) => {
    expect(checkBaseUrl(input)).toBe(expected);
  });

  it.each([
    'http://app.launchdarkly.com',
    'http://10.0.0.1',
    'http://localhost.evil.com',
    'http://127.0.0.1.evil.com',
    'ws://localhost',
    'https://user:pw@host',
    'https://host/?q=1',
    'https://host/#x',
    '',
    'app.launchdarkly.com',
  ])('refuses %s', (input) => {
    expect(() => checkBaseUrl(input)).toThrow(ValidationError);
  });

  it('allows plain http to other hosts only when asked', () => {
    expect(checkBaseUrl('http://ld.internal:80', { allowInsecureHttp: true })).toBe('http://ld.internal');
  });
});
