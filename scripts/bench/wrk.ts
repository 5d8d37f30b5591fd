/**
 * Debian's wrk, driven from Deno: a closed-loop HTTP load of `connections` for `seconds` against one
 * loopback URL, each request from a new client address (last X-Forwarded-For entry, the one the
 * gateway appends) so that per-client rate limits are not what is measured. Returns throughput,
 * latency percentiles (wrk's histogram), the count of answers ≥ 400 and of socket errors. wrk splits
 * no further without a Lua response() callback, which costs it too much throughput: the pipeline
 * benchmark's servers count answers by class themselves (pipeline_server.ts).
 */
import { run } from "../stack/run.ts";

export interface WrkRequest {
  readonly method: "GET" | "POST";
  /** Paths to rotate through. */
  readonly paths: readonly string[];
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Answers with a status ≥ 400 (wrk counts 3xx as fine). */
  readonly non2xx: number;
  /** Connect, read and write errors and timeouts: requests without an answer. */
  readonly socketErrors: number;
}

const SUMMARY_PREFIX = "WRK_JSON ";

/** The result in wrk's output (the script's done() line), or null when it printed none. */
export function parseWrkSummary(stdout: string): WrkResult | null {
  const line = stdout.split("\n").find((l) => l.startsWith(SUMMARY_PREFIX));
  if (!line) return null;
  const j = JSON.parse(line.slice(SUMMARY_PREFIX.length));
  const seconds = j.duration_us / 1e6;
  return {
    requests: j.requests,
    seconds,
    rps: j.requests / seconds,
    p50: j.p50_us / 1000,
    p99: j.p99_us / 1000,
    non2xx: j.non2xx,
    socketErrors: j.connect + j.read + j.write + j.timeout,
  };
}

function luaScript(r: WrkRequest): string {
  const lua = (s: string) => JSON.stringify(s); // a JSON string is a valid Lua string literal here
  const headers = Object.entries(r.headers ?? {}).map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`);
  return `
local paths = { ${r.paths.map(lua).join(", ")} }
local n = 0
wrk.method = ${lua(r.method)}
${r.body ? `wrk.body = ${lua(r.body)}` : ""}
${headers.join("\n")}
request = function()
  n = n + 1
  local ip = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  wrk.headers["X-Forwarded-For"] = "203.0.113.7, " .. ip
  return wrk.format(nil, paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format('\\nWRK_JSON {"requests":%d,"duration_us":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
`;
}

export async function wrk(
  url: string,
  request: WrkRequest,
  options: { connections: number; seconds: number },
): Promise<WrkResult> {
  const script = await Deno.makeTempFile({ suffix: ".lua" });
  try {
    await Deno.writeTextFile(script, luaScript(request));
    // wrk exits non-zero when it cannot connect at all: said below, with its own words.
    const out = await run("wrk", [
      "-t1",
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      "--timeout",
      "10s",
      "-s",
      script,
      url,
    ], { check: false });
    const result = parseWrkSummary(out.stdout);
    if (!result) {
      throw new Error(`wrk printed no summary (exit ${out.code}): ${(out.stderr || out.stdout).trim()}`);
    }
    return result;
  } finally {
    await Deno.remove(script).catch(() => {});
  }
}
