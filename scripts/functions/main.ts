// The local functions server: Supabase's gateway and edge runtime for development and tests.
//   deno run -A scripts/functions/main.ts [--port 54321] [--hostname 127.0.0.1]
// Env: JWT_SECRET (gateway verify_jwt), SUPABASE_DB_URL (net.http_post delivery) and whatever the
// functions read. EdgeRuntime.waitUntil is provided so work after the response is awaited on shutdown.
import { describeError } from "../../functions-shared/core/log.ts";
import { discoverFunctions } from "./config.ts";
import { createGateway } from "./gateway.ts";
import { createStorage } from "./storage.ts";
import { startNetQueue } from "./net_queue.ts";

const args = parseArgs(Deno.args);
const port = Number(args.port ?? Deno.env.get("FUNCTIONS_PORT") ?? 54321);
const hostname = args.hostname ?? "127.0.0.1";
const supabaseDir = new URL("../../supabase", import.meta.url).pathname;

const pending = new Set<Promise<unknown>>();
(globalThis as { EdgeRuntime?: unknown }).EdgeRuntime = {
  waitUntil(promise: Promise<unknown>) {
    const tracked = Promise.resolve(promise).catch((e) => console.error("[waitUntil]", e)).finally(() =>
      pending.delete(tracked)
    );
    pending.add(tracked);
  },
};

// On the platform each function runs in an isolate of its own, restarted after a crash; here they share
// one process, so an error that no promise caught (postgres.js can throw one from a socket callback when
// Postgres goes away mid-transaction) must not take every function down. It is logged loudly, with its
// stack, and the server keeps serving; the fault tests print this server's log when it holds one.
globalThis.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  console.error("[uncaught] rejection:", JSON.stringify(describeError(event.reason)));
});
globalThis.addEventListener("error", (event) => {
  event.preventDefault();
  console.error("[uncaught] error:", JSON.stringify(describeError(event.error)));
});

const functions = await discoverFunctions(supabaseDir);
const jwtSecret = Deno.env.get("JWT_SECRET");
if (!jwtSecret) throw new Error("JWT_SECRET must be set for the gateway's verify_jwt");
// GATEWAY_SIMULATED_PEERS=true: test stacks only (scripts/test.ts), see gateway.ts.
const gateway = createGateway(functions, jwtSecret, {
  simulatePeers: Deno.env.get("GATEWAY_SIMULATED_PEERS") === "true",
});

const dbUrl = Deno.env.get("SUPABASE_DB_URL");
const netQueue = dbUrl ? startNetQueue(dbUrl, { onError: (e) => console.error("[net.http_post]", e) }) : null;

// Supabase Storage's stand-in on the same origin, as on a project (<SUPABASE_URL>/storage/v1).
const storageDir = Deno.env.get("STORAGE_DIR") ?? await Deno.makeTempDir({ prefix: "medic-storage-" });
const storage = createStorage(storageDir, jwtSecret);
const server = Deno.serve(
  { port, hostname, onListen: () => {} },
  (req, info) => storage.handles(new URL(req.url)) ? storage.fetch(req) : gateway(req, info),
);
console.log(
  `functions server listening on http://${hostname}:${port}/functions/v1/<name> ` +
    `(${[...functions.keys()].sort().join(", ") || "no functions yet"})`,
);

async function shutdown() {
  await server.shutdown();
  await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, 5_000))]);
  await netQueue?.stop();
  Deno.exit(0);
}
Deno.addSignalListener("SIGINT", shutdown);
Deno.addSignalListener("SIGTERM", shutdown);

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) out[argv[i].slice(2)] = argv[++i];
  }
  return out;
}
