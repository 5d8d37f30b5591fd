// The local functions server: Supabase's gateway and edge runtime for development and tests.
//   deno run -A scripts/functions/main.ts [--port 54321] [--hostname 127.0.0.1]
// Env: JWT_SECRET (gateway verify_jwt), SUPABASE_DB_URL (net.http_post delivery) and whatever the
// functions read (each function's process inherits it). Each function runs in a process of its own,
// resolved with the import map it deploys with (isolate.ts, isolates.ts).
import { discoverFunctions } from "./config.ts";
import { createGateway } from "./gateway.ts";
import { createIsolates } from "./isolates.ts";
import { createStorage } from "./storage.ts";
import { startNetQueue } from "./net_queue.ts";

const args = parseArgs(Deno.args);
const port = Number(args.port ?? Deno.env.get("FUNCTIONS_PORT") ?? 54321);
const hostname = args.hostname ?? "127.0.0.1";
const supabaseDir = new URL("../../supabase", import.meta.url).pathname;

const functions = await discoverFunctions(supabaseDir);
const jwtSecret = Deno.env.get("JWT_SECRET");
if (!jwtSecret) throw new Error("JWT_SECRET must be set for the gateway's verify_jwt");
// GATEWAY_SIMULATED_PEERS=true: test stacks only (scripts/test.ts), see gateway.ts.
const isolates = createIsolates(supabaseDir);
const gateway = createGateway(functions, jwtSecret, isolates.get, {
  simulatePeers: Deno.env.get("GATEWAY_SIMULATED_PEERS") === "true",
});

const dbUrl = Deno.env.get("SUPABASE_DB_URL");
const netQueue = dbUrl ? startNetQueue(dbUrl, { onError: (e) => console.error("[net.http_post]", e) }) : null;

// Supabase Storage's stand-in on the same origin, as on a project (<SUPABASE_URL>/storage/v1).
// Without STORAGE_DIR (the stack and dev set one) the objects live in a directory of this process's own,
// removed when it stops.
const configuredStorageDir = Deno.env.get("STORAGE_DIR");
const storageDir = configuredStorageDir ?? await Deno.makeTempDir({ prefix: "medic-storage-" });
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
  await isolates.stopAll();
  await netQueue?.stop();
  if (!configuredStorageDir) await Deno.remove(storageDir, { recursive: true }).catch(() => {});
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
