// One function in a process of its own, as the edge runtime gives each function an isolate of its own.
// The gateway (isolates.ts) starts it with `--no-config --import-map=<the map the CLI would deploy with>`,
// so the module resolves here exactly as it will when deployed.
//   deno run -A --no-config --import-map=<map> scripts/functions/isolate.ts <entrypoint>
// Prints `listening <port>` once serving; exits when its stdin closes (the gateway is gone) or on SIGTERM,
// after dispatching `beforeunload` and once the work handed to EdgeRuntime.waitUntil has settled (at most 5 s).
import { describeError } from "../../functions-shared/core/log.ts";

const entrypoint = Deno.args[0];
if (!entrypoint) throw new Error("usage: isolate.ts <entrypoint>");

const pending = new Set<Promise<unknown>>();
(globalThis as { EdgeRuntime?: unknown }).EdgeRuntime = {
  waitUntil(promise: Promise<unknown>) {
    const tracked = Promise.resolve(promise).catch((e) => console.error("[waitUntil]", e)).finally(() =>
      pending.delete(tracked)
    );
    pending.add(tracked);
  },
};

// The platform restarts an isolate after a crash; here an error nothing caught (postgres.js can throw one
// from a socket callback when Postgres goes away mid-transaction) is logged loudly, with its stack, and the
// function keeps serving; the fault tests print the server's log when it holds one.
globalThis.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  console.error("[uncaught] rejection:", JSON.stringify(describeError(event.reason)));
});
globalThis.addEventListener("error", (event) => {
  event.preventDefault();
  console.error("[uncaught] error:", JSON.stringify(describeError(event.error)));
});

type Handler = { fetch?: (req: Request) => Response | Promise<Response> };
let handler: Handler | undefined;
try {
  handler = (await import(new URL(`file://${entrypoint}`).href)).default as Handler | undefined;
  if (typeof handler?.fetch !== "function") throw new Error(`${entrypoint} must export default { fetch }`);
} catch (error) {
  // What the platform reports as a boot error: the module did not load.
  console.error(`[boot] ${entrypoint}:`, error);
  Deno.exit(1);
}

const server = Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(`listening ${port}`),
}, (req) => handler!.fetch!(req));

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.shutdown();
  // as the edge runtime announces an isolate's end: listeners hand their last work to waitUntil
  globalThis.dispatchEvent(new Event("beforeunload"));
  await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, 5_000))]);
  Deno.exit(0);
}
Deno.addSignalListener("SIGTERM", stop);
Deno.addSignalListener("SIGINT", stop);
// The gateway holds our stdin open; when it ends, however it ended, so do we.
(async () => {
  for await (const _ of Deno.stdin.readable) { /* nothing is sent */ }
  await stop();
})();
