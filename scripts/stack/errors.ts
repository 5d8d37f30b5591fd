// How the stack's commands fail: one sentence naming the cause and the fix, never a stack trace. A
// SetupError is a failure we recognise (its message says what to do); anything else is reported by its
// message alone, with the trace only when MEDIC_DEBUG=1 asks for it.

export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SetupError";
  }
}

/** The last non-empty line of a tool's output: usually the one that says what went wrong. */
export function lastLine(text: string): string {
  return text.trim().split("\n").map((l) => l.trim()).filter(Boolean).at(-1) ?? "no output";
}

/** Runs a command's body and returns its result; on failure prints `error: <message>` and exits 1. */
export async function exitOnError<T>(main: () => Promise<T>): Promise<T> {
  try {
    return await main();
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (Deno.env.get("MEDIC_DEBUG") === "1") console.error(error);
    return Deno.exit(1);
  }
}
