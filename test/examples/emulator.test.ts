import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as inYourTests from '../../examples/emulator/in-your-tests';
import { snippet } from './snippet';

describe('README emulator example', () => {
  it('README shows it exactly as it runs in CI', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8')).toContain(
      snippet('emulator', 'in-your-tests'),
    );
  });

  it('runs: retry after a 503, a failed POST sent once, pacing under a rate limit', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      await inYourTests.main();
    } finally {
      spy.mockRestore();
    }
    expect(lines[0]).toBe('listed 0 experiments after 2 requests');
    expect(lines[1]).toBe('ServerError; POSTs received: 1');
    expect(lines[2]).toBe('8 calls under a 5-per-second limit: 0 answered 429');
  }, 10_000);
});
