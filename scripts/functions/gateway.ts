// The local stand-in for Supabase's edge gateway: routes /functions/v1/<name>/* to the function's own
// process (isolates.ts) with /functions/v1 stripped (the function sees /<name>/...), answers 404 for
// unknown names, enforces verify_jwt, and turns a function that fails to start into 503 BOOT_ERROR.
//
// Test stacks only (`simulatePeers`): every client of a test run connects from 127.0.0.1, yet guests are
// counted per address. There a request may name the address it stands for in SIMULATED_PEER_HEADER
// (removed before the function sees it); a request that names none stands for a new client each time.
// `task dev` and the platform never do this: the peer is the connection's address.
import { jwtVerify } from "jose";
import type { FunctionEntry } from "./config.ts";
import type { Isolate } from "./isolates.ts";

const PREFIX = "/functions/v1/";

function gatewayError(status: number, code: string, message: string): Response {
  const requestId = crypto.randomUUID();
  return Response.json({ error: { code, message, requestId } }, {
    status,
    headers: { "X-Request-Id": requestId },
  });
}

export const SIMULATED_PEER_HEADER = "X-Test-Peer-Address";

export interface GatewayOptions {
  readonly simulatePeers?: boolean;
}

/** Where a function answers: its process, started on first use. */
export type IsolateSource = (entry: FunctionEntry) => Promise<Isolate>;

export function createGateway(
  functions: Map<string, FunctionEntry>,
  jwtSecret: string,
  isolates: IsolateSource,
  options: GatewayOptions = {},
) {
  const key = new TextEncoder().encode(jwtSecret);

  async function tokenIsValid(req: Request): Promise<boolean> {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
    if (!match) return false;
    try {
      await jwtVerify(match[1], key, { algorithms: ["HS256"] });
      return true;
    } catch {
      return false;
    }
  }

  return async function route(req: Request, info?: Deno.ServeHandlerInfo): Promise<Response> {
    const url = new URL(req.url);
    if (!url.pathname.startsWith(PREFIX)) return gatewayError(404, "NOT_FOUND", "Not found");
    const name = url.pathname.slice(PREFIX.length).split("/")[0];
    const entry = functions.get(name);
    if (!entry) return gatewayError(404, "FUNCTION_NOT_FOUND", `Function '${name}' does not exist`);
    // Browsers send preflights without credentials, so the gateway lets OPTIONS through.
    if (entry.verifyJwt && req.method !== "OPTIONS" && !(await tokenIsValid(req))) {
      return gatewayError(401, "INVALID_JWT", "Missing or invalid JWT");
    }
    let isolate: Isolate;
    try {
      isolate = await isolates(entry);
    } catch (err) {
      console.error(`[gateway] ${name} failed to boot:`, err);
      return gatewayError(503, "BOOT_ERROR", "Function failed to start (see the server log)");
    }
    const inner = new URL(url.pathname.slice(PREFIX.length - 1) + url.search, isolate.origin);
    // Not `new Request(inner, req)`: that would tie the call to req.signal. A client that goes away
    // cancels the body we return, which closes the connection to the function, which sees it as its own.
    const forwarded = new Request(inner, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: "manual",
    });
    // Like Supabase's gateway: append the address the connection came from (functions trust one hop).
    const peer = options.simulatePeers
      ? simulatedPeer(forwarded.headers)
      : (info?.remoteAddr as Deno.NetAddr | undefined)?.hostname;
    if (peer) {
      const prior = req.headers.get("X-Forwarded-For");
      forwarded.headers.set("X-Forwarded-For", prior ? `${prior}, ${peer}` : peer);
    }
    try {
      return await fetch(forwarded);
    } catch (err) {
      console.error(`[gateway] ${name} did not answer:`, err);
      return gatewayError(
        502,
        "FUNCTION_UNAVAILABLE",
        "The function stopped before it answered (see the server log)",
      );
    }
  };
}

/** The address a test request stands for: the one it names, else a fresh one from 198.18.0.0/15. */
function simulatedPeer(headers: Headers): string {
  const named = headers.get(SIMULATED_PEER_HEADER)?.trim();
  headers.delete(SIMULATED_PEER_HEADER);
  if (named && /^[0-9a-fA-F.:]{2,45}$/.test(named)) return named;
  const [a, b, c] = crypto.getRandomValues(new Uint8Array(3));
  return `198.${18 + (a & 1)}.${b}.${c}`;
}
