// `deno task dev`: provision, start the local stack, apply bootstrap + migrations (+ seed on a new
// database), serve every function at /functions/v1/<name>, print URLs and keys, stay in the foreground.
// Ctrl-C (or SIGTERM) stops what this command started, and only that, at any point (stack/interrupt.ts).
import { exitOnError } from "./stack/errors.ts";
import { listenForInterrupt } from "./stack/interrupt.ts";
import { loadDotEnv } from "./stack/dotenv.ts";
import {
  archiveEnv,
  devConfig,
  functionsServerEnv,
  ROOT,
  type Started,
  startServices,
  stopServices,
} from "./stack/mod.ts";
import { ensureDevKnowledgeBase } from "./kb/dev_knowledge_base.ts";

const serving: { server?: Deno.ChildProcess } = {}; // set once the functions server runs
const interrupt = listenForInterrupt("dev", () => {
  try {
    serving.server?.kill("SIGTERM");
  } catch { /* it has ended */ }
});
const STOPPED = "what this command started is stopped";

await exitOnError(() => loadDotEnv(`${ROOT}/.env`));
const config = devConfig();
const env = functionsServerEnv(config); // Storage's objects stay in the stack's directory across restarts
const archive = archiveEnv(config);
const started: Started = await exitOnError(async () => {
  try {
    const started = await startServices(config, { functions: false }); // stops what it started if it fails
    try {
      await ensureDevKnowledgeBase(env.SUPABASE_DB_URL, (line) => console.log(`[stack] ${line}`));
    } catch (error) {
      await stopServices(config, started);
      throw error;
    }
    return started;
  } catch (error) {
    // Ctrl-C reaches the start's own commands too: their failure is the interrupt's.
    if (interrupt.signal) interrupt.exit(STOPPED);
    throw error;
  }
});
if (interrupt.signal) {
  await stopServices(config, started);
  interrupt.exit(STOPPED);
}

const server = serving.server = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", `${ROOT}/scripts/functions/main.ts`, "--port", String(config.functionsPort)],
  env,
  stdin: "null",
}).spawn();

console.log(`
Medic-Bot Edge local stack
  Functions   ${env.SUPABASE_URL}/functions/v1/<name>
  Database    ${env.SUPABASE_DB_URL}
  Upstash     ${env.UPSTASH_REDIS_REST_URL}  (token ${env.UPSTASH_REDIS_REST_TOKEN})
  Redis       ${env.REDIS_URL}
  S3 (archive) ${archive.AUDIT_ARCHIVE_S3_ENDPOINT}  (bucket ${archive.AUDIT_ARCHIVE_S3_BUCKET})
  JWT secret  ${env.JWT_SECRET}
  anon key    ${env.SUPABASE_ANON_KEY}
  service_role key ${env.SUPABASE_SERVICE_ROLE_KEY}
Ctrl-C stops what this command started.
`);

const status = await server.status; // an interrupt stops the server
if (!interrupt.signal) console.error(`functions server exited (${status.code}); stopping`);
await stopServices(config, started);
if (interrupt.signal) interrupt.exit(STOPPED);
Deno.exit(status.code || 1);
