// Ctrl-C (SIGINT) or a `kill` / CI timeout (SIGTERM) ends a Deno program on the spot, before its teardown:
// a stack it started (Postgres and Redis detach from it) would go on running. A command that starts one
// listens instead: the first signal is recorded and `onSignal` stops what the command waits on (a child), so
// the command goes on to its own teardown, runs it once, and then exits with the shell's status for that
// signal (128 + its number). Later signals change nothing.

export type StopSignal = "SIGINT" | "SIGTERM";

const EXIT_STATUS: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** Thrown by `check` once a signal came: the command skips its remaining steps and goes to its teardown. */
export class Interrupted extends Error {
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
    this.name = "Interrupted";
  }
}

export interface Interrupt {
  /** The first SIGINT or SIGTERM received, if any. */
  readonly signal: StopSignal | undefined;
  /** Throws Interrupted once a signal came; called before each step that starts something. */
  check(): void;
  /** After the teardown: says what was stopped and exits 130 (SIGINT) or 143 (SIGTERM). */
  exit(stopped: string): never;
}

export function listenForInterrupt(label: string, onSignal: () => void): Interrupt {
  let received: StopSignal | undefined;
  for (const signal of Object.keys(EXIT_STATUS) as StopSignal[]) {
    Deno.addSignalListener(signal, () => {
      // Once only: `deno task` passes a terminal's Ctrl-C on to the command, which had it already.
      if (received) return;
      received = signal;
      console.log(`[${label}] ${signal}: stopping what this run started`);
      onSignal();
    });
  }
  return {
    get signal() {
      return received;
    },
    check() {
      if (received) throw new Interrupted(received);
    },
    exit(stopped: string): never {
      if (!received) throw new Error("exit() is for an interrupted run");
      const signal = received;
      console.log(`[${label}] interrupted by ${signal}: ${stopped}; exit ${EXIT_STATUS[signal]}`);
      return Deno.exit(EXIT_STATUS[signal]);
    },
  };
}
