/**
 * A second functions server (scripts/functions/main.ts) on a free loopback port, with the stack's
 * environment plus `extraEnv`: the same functions as deployed, configured differently (e.g. AWS
 * credentials pointing at the local Bedrock server). Stopped by `stop()`, and only that process.
 */
import { type DaemonSpec, logPath, startDaemon, stopDaemon } from "../../scripts/stack/daemon.ts";
import { freePort } from "../../scripts/stack/run.ts";
import { UNDECLARED_ERRORS_LOG, undeclaredErrorLines } from "../../scripts/functions/undeclared_errors.ts";

const MAIN = new URL("../../scripts/functions/main.ts", import.meta.url).pathname;

export interface FunctionsServer {
  /** `<origin>/functions/v1` */
  readonly functionsUrl: string;
  /** What the server and its functions have logged so far (e.g. `[uncaught]` lines). */
  log(): Promise<string>;
  stop(): Promise<void>;
}

export async function startFunctionsServer(extraEnv: Record<string, string>): Promise<FunctionsServer> {
  const port = freePort();
  const dir = await Deno.makeTempDir({ prefix: "functions-server-" });
  const spec: DaemonSpec = {
    name: "functions",
    dir,
    port,
    // Storage's stand-in inside `dir`, so stop() removes its objects with it.
    env: { ...Deno.env.toObject(), STORAGE_DIR: `${dir}/storage`, ...extraEnv },
    args: ["run", "-A", MAIN, "--port", String(port)],
  };
  await startDaemon(spec);
  return {
    functionsUrl: `http://127.0.0.1:${port}/functions/v1`,
    log: () => Deno.readTextFile(logPath(spec)).catch(() => ""),
    async stop() {
      await stopDaemon(spec);
      // Read once the server stopped, so no line is still on its way. An error nothing caught is survived
      // (scripts/functions/main.ts) but never hidden.
      const log = await Deno.readTextFile(logPath(spec)).catch(() => "");
      if (log.includes("[uncaught]")) console.log(`--- functions server log (uncaught errors) ---\n${log}`);
      await handOverUndeclared(log);
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

/**
 * This server's undeclared error answers outlive its log: `deno task test` reads them from the file it named
 * (scripts/test.ts); a run without it (a bare `deno test`) shows them here.
 */
async function handOverUndeclared(log: string): Promise<void> {
  const lines = undeclaredErrorLines(log);
  if (lines.length === 0) return;
  const file = Deno.env.get(UNDECLARED_ERRORS_LOG);
  if (file) await Deno.writeTextFile(file, lines.join("\n") + "\n", { append: true });
  else console.log(`--- functions server log (undeclared error codes) ---\n${lines.join("\n")}`);
}
