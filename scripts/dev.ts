// `deno task dev`: provision, start the local stack, apply bootstrap + migrations (+ seed on a new
// database), serve every function at /functions/v1/<name>, print URLs and keys, stay in the foreground.
// Ctrl-C stops what this command started, and only that.
import { exitOnError } from "./stack/errors.ts";
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

await exitOnError(() => loadDotEnv(`${ROOT}/.env`));
const config = devConfig();
const env = functionsServerEnv(config); // Storage's objects stay in the stack's directory across restarts
const archive = archiveEnv(config);
const started: Started = await exitOnError(async () => {
  const started = await startServices(config, { functions: false });
  try {
    await ensureDevKnowledgeBase(env.SUPABASE_DB_URL, (line) => console.log(`[stack] ${line}`));
  } catch (error) {
    await stopServices(config, started);
    throw error;
  }
  return started;
});

const server = new Deno.Command(Deno.execPath(), {
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

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  try {
    server.kill("SIGTERM");
  } catch { /* already gone */ }
  await server.status;
  await stopServices(config, started);
  Deno.exit(code);
}
Deno.addSignalListener("SIGINT", () => stop(0));
Deno.addSignalListener("SIGTERM", () => stop(0));
const status = await server.status;
if (!stopping) {
  console.error(`functions server exited (${status.code}); stopping`);
  await stop(status.code || 1);
}
