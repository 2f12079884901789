#!/usr/bin/env node
import { startEmulator } from './index';
import type { EmulatorOptions } from './types';

const USAGE = `Usage: experiments-emulator [--port N] [--host H] [--spec PATH] [--api-key KEY]... [--posthog-api-key KEY]...

Starts the experiments-api emulator (LaunchDarkly and PostHog experiments fakes) and prints its URL.
  --port             TCP port, 0 for a free one (default 0)
  --host             interface to bind (default 127.0.0.1)
  --spec             OpenAPI spec to use, JSON or YAML (YAML needs the yaml package; default: the package's own)
  --api-key          LaunchDarkly token to accept (repeatable; default emulator-ld-key)
  --posthog-api-key  PostHog personal API key to accept (repeatable; default phx_emulator)
Stops on SIGINT or SIGTERM. Control endpoints live under /__emulator (see the emulator docs).`;

/** Parses CLI flags into emulator options; throws an Error with a usage hint on bad input. */
export function parseArgs(argv: string[]): EmulatorOptions & { help?: boolean } {
  const options: EmulatorOptions & { help?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new Error(`--port must be an integer between 0 and 65535`);
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--spec':
        options.specPath = value();
        break;
      case '--api-key':
        options.apiKeys = [...(options.apiKeys ?? []), value()];
        break;
      case '--posthog-api-key':
        options.posthogApiKeys = [...(options.posthogApiKeys ?? []), value()];
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`unknown argument ${arg}\n\n${USAGE}`);
    }
  }
  return options;
}

/** Runs the CLI: starts the emulator, prints `... listening on <url>`, closes it on SIGINT/SIGTERM. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { help, ...options } = parseArgs(argv);
  if (help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const emulator = await startEmulator(options);
  process.stdout.write(`experiments-api emulator listening on ${emulator.url}\n`);
  const stop = (signal: NodeJS.Signals) => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    // Once every socket is closed nothing keeps the event loop alive, so the process exits by itself.
    emulator.close().then(
      () => process.stdout.write(`emulator stopped (${signal})\n`),
      (error) => {
        process.stderr.write(`emulator: close failed: ${(error as Error).message}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  });
}
