// CLI: run the Upstash REST bridge in front of a local redis-server.
//
//   deno run -A scripts/upstash/main.ts --redis-port 54379 --port 54380 --token <t>
//
// The token may come from UPSTASH_REDIS_REST_TOKEN instead of --token. Stops on SIGINT/SIGTERM.

import { parseArgs } from "node:util";
import { startUpstashBridge } from "./bridge.ts";
import { RespClient } from "./resp.ts";

const usage =
  "usage: deno run -A scripts/upstash/main.ts [--redis-host 127.0.0.1] --redis-port <port> --port <port> " +
  "[--hostname 127.0.0.1] [--token <token> | env UPSTASH_REDIS_REST_TOKEN]";

function fail(message: string): never {
  console.error(`upstash-bridge: ${message}\n${usage}`);
  Deno.exit(2);
}

function portOf(value: string | undefined, flag: string): number {
  const port = Number(value);
  if (value === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`${flag} must be a port number, got ${value ?? "nothing"}`);
  }
  return port;
}

let values;
try {
  ({ values } = parseArgs({
    args: Deno.args,
    options: {
      "redis-host": { type: "string", default: "127.0.0.1" },
      "redis-port": { type: "string" },
      port: { type: "string" },
      hostname: { type: "string", default: "127.0.0.1" },
      token: { type: "string" },
    },
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const token = values.token ?? Deno.env.get("UPSTASH_REDIS_REST_TOKEN");
if (!token) fail("no token: pass --token or set UPSTASH_REDIS_REST_TOKEN");
const redisHost = values["redis-host"];
const redisPort = portOf(values["redis-port"], "--redis-port");
const port = portOf(values.port, "--port");

const bridge = startUpstashBridge({ redisHost, redisPort, port, hostname: values.hostname, token });
console.log(`upstash-bridge listening on ${bridge.url} -> redis ${redisHost}:${redisPort}`);

// Not fatal (redis may come up later), but worth saying now rather than on the first request.
const probe = new RespClient({ hostname: redisHost, port: redisPort, connectTimeoutMs: 2000 });
probe.exec([["PING"]]).catch((error) => console.warn(`upstash-bridge: warning: ${error.message}`))
  .finally(() => probe.close());

const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
const stop = async () => {
  for (const s of signals) Deno.removeSignalListener(s, stop);
  await bridge.close();
};
for (const s of signals) Deno.addSignalListener(s, stop);
