/**
 * One server for the pipeline benchmark, in a process of its own (what wrk measures is that process):
 *   deno run -A scripts/bench/pipeline_server.ts <target> <port>
 *   bare             Deno.serve answering a small JSON object: the floor
 *   bare-insert      the same plus one postgres.js INSERT per request (pool as the functions', DB_POOL_MAX)
 *   <function name>  that function's deployed module (supabase/functions/<name>/index.ts) with its whole
 *                    pipeline and the stack's Postgres and Redis, as the edge runtime would serve it
 * The benchmark plays the gateway: it sends the client address as the last X-Forwarded-For entry.
 * GET SERVER_STATUS_PATH answers the running count of its answers by status class (scripts/bench/statuses.ts).
 */
import postgres from "postgres";
import { noStatuses, SERVER_STATUS_PATH, tallyStatus } from "./statuses.ts";

const [target, portText] = Deno.args;
const port = Number(portText);
let handler: (req: Request) => Response | Promise<Response>;

if (target === "bare") {
  handler = () => Response.json({ ok: true });
} else if (target === "bare-insert") {
  const sql = postgres(Deno.env.get("SUPABASE_DB_URL")!, {
    max: Number(Deno.env.get("DB_POOL_MAX") ?? 3),
    prepare: false,
    onnotice: () => {},
  });
  handler = async (req) => {
    await sql`insert into bench.insert_probe (path, client) values (${new URL(req.url).pathname}, ${
      req.headers.get("X-Forwarded-For")
    })`;
    return Response.json({ ok: true });
  };
} else {
  const entry = new URL(`../../supabase/functions/${target}/index.ts`, import.meta.url);
  const fn = (await import(entry.href)).default as { fetch(req: Request): Promise<Response> };
  handler = (req) => fn.fetch(req);
}

// Answers are counted here, where they are made: a Lua response() callback would cost wrk 25-40% of its
// throughput against the bare handler, and so move the baseline. A synchronous answer stays synchronous.
const statuses = noStatuses();
const counted = (response: Response) => {
  tallyStatus(statuses, response.status);
  return response;
};
const thrown = (error: unknown): never => {
  tallyStatus(statuses, 500); // what Deno.serve answers for a handler that throws
  throw error;
};

Deno.serve({ port, hostname: "127.0.0.1", onListen: () => console.log("ready") }, (req) => {
  if (req.url.endsWith(SERVER_STATUS_PATH)) return Response.json(statuses);
  let answer;
  try {
    answer = handler(req);
  } catch (error) {
    return thrown(error);
  }
  return answer instanceof Promise ? answer.then(counted, thrown) : counted(answer);
});
