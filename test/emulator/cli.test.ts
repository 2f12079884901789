import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { parseArgs } from '../../src/emulator/cli';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src', 'emulator');

describe('parseArgs', () => {
  it('reads port, host, spec and repeated keys (also --flag=value)', () => {
    expect(
      parseArgs([
        '--port',
        '4010',
        '--host=0.0.0.0',
        '--spec',
        'x.yaml',
        '--api-key',
        'a',
        '--api-key=b',
        '--posthog-api-key',
        'phx_1',
      ]),
    ).toEqual({
      port: 4010,
      host: '0.0.0.0',
      specPath: 'x.yaml',
      apiKeys: ['a', 'b'],
      posthogApiKeys: ['phx_1'],
    });
    expect(parseArgs(['--help'])).toEqual({ help: true });
  });

  it('refuses bad input with the usage text', () => {
    expect(() => parseArgs(['--port', 'http'])).toThrow(/--port must be an integer/);
    expect(() => parseArgs(['--port'])).toThrow(/--port needs a value/);
    expect(() => parseArgs(['--verbose'])).toThrow(/unknown argument --verbose[\s\S]*Usage:/);
  });
});

/** Transpiles src/emulator to plain JS in a temp dir (type-only, fast) so the real bin can be spawned. */
function transpileEmulator(): string {
  const out = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.ts')) {
        const js = ts.transpileModule(readFileSync(file, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        }).outputText;
        const target = join(out, relative(SRC, file)).replace(/\.ts$/, '.js');
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, js);
      }
    }
  };
  walk(SRC);
  return out;
}

describe('the bin', () => {
  let dir: string;
  beforeAll(() => {
    dir = transpileEmulator();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its URL, serves requests, and exits cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [join(dir, 'cli.js'), '--port', '0', '--spec', join(ROOT, 'openapi.yaml'), '--api-key', 'cli-key'],
      {
        env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed; stderr: ${stderr}`)), 10_000);
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/api/v2/projects/default/experimentation-settings`, {
      headers: { Authorization: 'cli-key' },
    });
    expect(res.status).toBe(200);
    await res.text();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('emulator stopped (SIGTERM)');
  }, 20_000);
});
