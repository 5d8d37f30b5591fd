/**
 * The benchmarks' stack: isolated like `test`'s (its own cluster, Redis, bridge, S3 and functions server on
 * free ports), the functions' environment set in this process, and everything removed afterwards.
 */
import {
  archiveEnv,
  functionEnv,
  isolatedConfig,
  removeCluster,
  startServices,
  stopServices,
} from "../stack/mod.ts";

export async function withBenchStack<T>(label: string, log: (line: string) => void, work: () => Promise<T>) {
  // Guests are counted per address; each simulated device names its own (scripts/functions/gateway.ts).
  // Server-Timing on every answer: the load benchmark reports where each function's time goes.
  const config = isolatedConfig(label, { GATEWAY_SIMULATED_PEERS: "true", SERVER_TIMING: "true" });
  const started = await startServices(config, { functions: true, log });
  try {
    for (const [k, v] of Object.entries({ ...functionEnv(config), ...archiveEnv(config) })) {
      Deno.env.set(k, v);
    }
    return await work();
  } finally {
    await stopServices(config, started);
    await Deno.remove(config.dir, { recursive: true }).catch(() => {});
    await removeCluster(config); // the cluster lives outside config.dir (postgres.ts): a full run leaves ~7 GB
  }
}
