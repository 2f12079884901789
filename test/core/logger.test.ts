import { createLogger, type Logger } from '../../src/core/logger';
import { createRedactor, REDACTED } from '../../src/core/redact';

const SECRET = 'api-SECRET-123456';

function recorder() {
  const calls: Array<[string, string, unknown]> = [];
  const logger: Logger = {
    debug: (m, d) => calls.push(['debug', m, d]),
    info: (m, d) => calls.push(['info', m, d]),
    warn: (m, d) => calls.push(['warn', m, d]),
    error: (m, d) => calls.push(['error', m, d]),
  };
  return { calls, logger };
}

describe('createLogger', () => {
  const redactor = createRedactor([SECRET]);

  test('default level is warn', () => {
    const { calls, logger } = recorder();
    const log = createLogger({ logger, redactor });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(calls.map((c) => c[0])).toEqual(['warn', 'error']);
  });

  test.each([
    ['off', []],
    ['error', ['error']],
    ['warn', ['warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['debug', ['debug', 'info', 'warn', 'error']],
  ] as const)('level %s passes %p', (level, expected) => {
    const { calls, logger } = recorder();
    const log = createLogger({ logger, redactor, level });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(calls.map((c) => c[0])).toEqual(expected);
  });

  test('redacts messages and data deeply; passes no data argument when none was given', () => {
    const { calls, logger } = recorder();
    const log = createLogger({ logger, redactor, level: 'debug' });
    log.warn(`url ?k=${SECRET}`, {
      headers: { Authorization: SECRET },
      nested: [{ s: SECRET }],
    });
    log.info('plain');
    expect(calls[0]).toEqual([
      'warn',
      `url ?k=${REDACTED}`,
      { headers: { Authorization: REDACTED }, nested: [{ s: REDACTED }] },
    ]);
    expect(calls[1]).toEqual(['info', 'plain', undefined]);
    expect(JSON.stringify(calls)).not.toContain(SECRET);
  });

  test('is silent without a destination and survives a throwing destination', () => {
    expect(() => createLogger({ redactor, level: 'debug' }).error('x')).not.toThrow();
    const throwing: Logger = {
      debug: () => {
        throw new Error('boom');
      },
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    expect(() => createLogger({ logger: throwing, redactor, level: 'debug' }).debug('x')).not.toThrow();
  });
});
