// The gateway's side of per-function processes (isolate.ts): started on a function's first request, with
// the import map the Supabase CLI would deploy it with (import_maps.ts) and nothing else, so a module that
// would not resolve when deployed does not resolve here either. A process that exits is started again on
// the next request, as the platform replaces a crashed isolate.
import type { FunctionEntry } from "./config.ts";
import { importMapFor } from "./import_maps.ts";

const ISOLATE = new URL("./isolate.ts", import.meta.url).pathname;

export interface Isolate {
  /** `http://127.0.0.1:<port>`: where the function answers. */
  readonly origin: string;
}

interface Running extends Isolate {
  readonly child: Deno.ChildProcess;
  readonly exited: Promise<unknown>;
}

export class BootError extends Error {
  override readonly name = "BootError";
}

export function createIsolates(supabaseDir: string) {
  const running = new Map<string, Promise<Running>>();

  async function spawn(entry: FunctionEntry): Promise<Running> {
    const map = await importMapFor(supabaseDir, entry.name);
    if (!map) throw new BootError(`${entry.name} has no import map where the Supabase CLI looks for one`);
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-config", `--import-map=${map}`, ISOLATE, entry.entrypoint],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const exited = child.status.finally(() => running.delete(entry.name));
    const port = await firstLineThenForward(child.stdout, entry.name);
    if (port === undefined) {
      await exited;
      throw new BootError(`${entry.name} exited before it served (see the log above)`);
    }
    return { origin: `http://127.0.0.1:${port}`, child, exited };
  }

  return {
    /** The function's process, started if it is not running. */
    get(entry: FunctionEntry): Promise<Isolate> {
      let isolate = running.get(entry.name);
      if (!isolate) {
        isolate = spawn(entry);
        running.set(entry.name, isolate);
        isolate.catch(() => running.delete(entry.name));
      }
      return isolate;
    },
    /** SIGTERM to each (they finish their after-response work), SIGKILL to any still there after 8 s. */
    async stopAll(): Promise<void> {
      const all = await Promise.allSettled([...running.values()]);
      await Promise.all(all.map(async (settled) => {
        if (settled.status !== "fulfilled") return;
        const { child, exited } = settled.value;
        try {
          child.kill("SIGTERM");
        } catch { /* already gone */ }
        const timer = setTimeout(() => {
          try {
            child.kill("SIGKILL");
          } catch { /* gone */ }
        }, 8_000);
        await exited.catch(() => {});
        clearTimeout(timer);
      }));
    },
  };
}

/** Reads `listening <port>` from the child's stdout, then copies the rest of it to ours, line by line. */
async function firstLineThenForward(stdout: ReadableStream<Uint8Array>, name: string) {
  const lines = stdout.pipeThrough(new TextDecoderStream()).pipeThrough(splitLines());
  const reader = lines.getReader();
  let port: number | undefined;
  while (port === undefined) {
    const { value, done } = await reader.read();
    if (done) return undefined;
    const match = /^listening (\d+)$/.exec(value);
    if (match) port = Number(match[1]);
    else console.log(value);
  }
  (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      console.log(value);
    }
  })().catch((e) => console.error(`[gateway] ${name}'s output:`, e));
  return port;
}

function splitLines(): TransformStream<string, string> {
  let rest = "";
  return new TransformStream({
    transform(chunk, controller) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const part of parts) controller.enqueue(part);
    },
    flush(controller) {
      if (rest) controller.enqueue(rest);
    },
  });
}
