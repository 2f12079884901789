import { runInNewContext } from 'node:vm';
import { failureReason } from '../../src/core/attempt-result';

describe('failureReason', () => {
  test.each([
    ['undici', new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') })],
    ['undici body cut', new TypeError('terminated')],
    ['Deno', new TypeError('error sending request for url (http://127.0.0.1:1/): client error (Connect)')],
    ['workerd', new TypeError('Network connection lost.')],
    ['browsers', new TypeError('Failed to fetch')],
    ['node:http', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['node-fetch', Object.assign(new Error('request failed'), { name: 'FetchError' })],
    ['an empty Error', new Error('')],
  ])('%s network failure: network_error', (_name, error) => {
    expect(failureReason(error, false)).toBe('network_error');
  });

  test.each([
    ['a missing global', new ReferenceError('process is not defined')],
    ['a detached fetch', new TypeError('Illegal invocation')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'connect')")],
    ['a bug', new TypeError('x.then is not a function')],
    ['a bad URL', new TypeError('Invalid URL')],
    ['a range', new RangeError('Invalid array length')],
    ['a TypeError of another realm', runInNewContext('new TypeError("Cannot read properties of null")') as unknown],
  ])('%s: internal (not retried)', (_name, error) => {
    expect(failureReason(error, false)).toBe('internal');
  });

  test('a timeout wins over the error the abort produced', () => {
    expect(failureReason(new ReferenceError('x'), true)).toBe('timeout');
  });
});
