// Fetches into Deno's global cache what every function resolves as deployed: the gateway starts each
// function with `--no-config` and the map the CLI would deploy it with (isolates.ts), so its npm packages
// come from the global cache, not the project's node_modules. On a fresh machine that cache is empty and the
// first request to each function would fetch them inside some test's request; here they are fetched once,
// before anything is served, and a registry that could not be reached is tried again.
import { discoverFunctions } from "./config.ts";
import { importMapFor } from "./import_maps.ts";
import { runReachingRegistry } from "../stack/run.ts";

/** What Deno prints when it could not fetch from a registry: the network's failure, not the code's. */
export const REGISTRY_UNREACHED = /error sending request for url \(https?:\/\/|Failed loading https?:\/\//;

/** `deno <args>` (Deno's own binary), tried again while it fails on REGISTRY_UNREACHED; code and output. */
export async function denoWithRegistryRetry(args: string[]): Promise<{ code: number; text: string }> {
  const r = await runReachingRegistry(REGISTRY_UNREACHED, Deno.execPath(), args, { env: { NO_COLOR: "1" } });
  return { code: r.code, text: r.stdout + r.stderr };
}

/**
 * Caches every function's module graph as deployed and returns the functions whose graph did not load, each
 * with what Deno said. It never stops the stack: such a function answers 503 BOOT_ERROR from the gateway, as
 * it would without this step; the caller logs the list.
 */
export async function prefetchFunctions(supabaseDir: string): Promise<{ name: string; why: string }[]> {
  const failed: { name: string; why: string }[] = [];
  for (const entry of (await discoverFunctions(supabaseDir)).values()) {
    const map = await importMapFor(supabaseDir, entry.name);
    if (!map) continue; // the gateway refuses to start it and says why (isolates.ts)
    const { code, text } = await denoWithRegistryRetry([
      "cache",
      "--no-config",
      `--import-map=${map}`,
      entry.entrypoint,
    ]);
    if (code !== 0) failed.push({ name: entry.name, why: text.trim() });
  }
  return failed;
}
