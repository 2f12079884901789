/**
 * A `process.on('unhandledRejection')` recorder that works inside jest. Test files run in a vm context whose
 * `process` is a copy that never receives the event, so the recorder goes on the real process, reached through
 * a function constructor of the main realm (any core-module function's `constructor`). While it is installed,
 * jest's own listeners are set aside (so a deliberate canary does not fail the suite) and put back by `restore()`.
 */
import { promisify } from 'node:util';

export interface UnhandledRecorder {
  /** Every reason seen since install (or since the last `clear()`). */
  readonly reasons: unknown[];
  /** Forgets what was recorded. */
  clear(): void;
  /** Removes the recorder and reinstates the listeners that were there before. */
  restore(): void;
}

/** The process object of the main realm (not jest's sandbox copy). */
export function realProcess(): NodeJS.Process {
  const MainFunction = (promisify as unknown as { constructor: FunctionConstructor }).constructor;
  return MainFunction('return process')() as NodeJS.Process;
}

/** Installs the recorder; call in `beforeAll` (jest installs its own listeners when the run starts). */
export function recordUnhandledRejections(): UnhandledRecorder {
  const proc = realProcess();
  const previous = proc.listeners('unhandledRejection');
  const reasons: unknown[] = [];
  const record = (reason: unknown): void => void reasons.push(reason);
  proc.removeAllListeners('unhandledRejection');
  proc.on('unhandledRejection', record);
  return {
    reasons,
    clear: () => void (reasons.length = 0),
    restore: () => {
      proc.off('unhandledRejection', record);
      for (const listener of previous) proc.on('unhandledRejection', listener as (...args: unknown[]) => void);
    },
  };
}

/** Creates a rejection nobody handles and checks the recorder saw it (proves the recorder is live). */
export async function expectCanaryRecorded(recorder: UnhandledRecorder): Promise<void> {
  const canary = new Error('unhandled-rejection canary');
  void Promise.reject(canary);
  await new Promise((resolve) => setTimeout(resolve, 20));
  if (!recorder.reasons.includes(canary)) throw new Error('the unhandledRejection recorder did not see the canary');
  recorder.clear();
}
