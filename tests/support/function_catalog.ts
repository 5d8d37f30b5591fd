/**
 * Which functions exist, found the way the local gateway finds them (every supabase/functions/<name>
 * with an entrypoint, config.toml honoured), so load and fuzz runs include a function as soon as it
 * lands; and requests as specs that become a Request either for the functions server
 * (`<FUNCTIONS_URL>/<name>/…`) or for a function's own `fetch` in process (`http://localhost/<name>/…`,
 * what the gateway hands a function).
 */
import { discoverFunctions, type FunctionEntry } from "../../scripts/functions/config.ts";

export const SUPABASE_DIR = new URL("../../supabase", import.meta.url).pathname;

export async function functionEntries(): Promise<FunctionEntry[]> {
  return [...(await discoverFunctions(SUPABASE_DIR)).values()].sort((a, b) => a.name.localeCompare(b.name));
}

export interface EdgeHandler {
  fetch(request: Request): Promise<Response>;
}

/** The function module's default export, imported into this process (its isolate, as the runtime does). */
export async function importFunction(entry: FunctionEntry): Promise<EdgeHandler> {
  const mod = await import(`file://${entry.entrypoint}`);
  return mod.default as EdgeHandler;
}

export interface RequestSpec {
  readonly method: string;
  /** Starts with /<function name>. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON; a string or bytes as they are. */
  readonly body?: unknown;
}

export const IN_PROCESS_BASE = "http://localhost";

/** `base`: IN_PROCESS_BASE, or the functions server's `<url>/functions/v1`. */
export function toRequest(spec: RequestSpec, base: string): Request {
  const headers = new Headers(spec.headers ?? {});
  let body: BodyInit | undefined;
  if (spec.body instanceof Uint8Array || typeof spec.body === "string") {
    body = spec.body as BodyInit;
  } else if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  return new Request(`${base}${spec.path}`, { method: spec.method, headers, body });
}
