/**
 * Cold start of the two ways to call Bedrock, measured the way an edge isolate pays for it: a fresh
 * Deno process per sample that imports the client, makes its first Converse call and its first
 * ConverseStream call against the local Bedrock server (which verifies every SigV4 signature).
 *
 *   candidates  sdk      @aws-sdk/client-bedrock-runtime (the official client)
 *               compact  functions-shared/platform/bedrock (aws4fetch signer + @smithy/eventstream-codec)
 *   baseline    an empty module in the same kind of process
 *
 * Both candidates answer the same requests; the run fails if they disagree (text, deltas, usage), so
 * the figures are only reported for clients that work. Standalone: `deno run -A
 * scripts/bench/bedrock_client.ts [runs]`; in the harness: `deno task bench bedrock_client`.
 */
import { startBedrockServer, TEST_CREDENTIALS } from "../../tests/support/bedrock_server.ts";
import { type Figure, round, summarize } from "./stats.ts";

const SDK_SPECIFIER = "npm:@aws-sdk/client-bedrock-runtime@3.1163.0";
const MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const ROOT = new URL("../../", import.meta.url).pathname;

interface ProbeOutput {
  importMs: number;
  converseMs: number;
  streamMs: number;
  converseText: string;
  streamText: string;
  deltas: number;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
}

const REQUEST = {
  system: "Answer from TP 1210 and MCG 1309 only.",
  question: "Adult in cardiac arrest, which protocol applies?",
};

const SDK_PROBE = `
const t0 = performance.now();
const sdk = await import("@aws-sdk/client-bedrock-runtime");
const t1 = performance.now();
const env = JSON.parse(Deno.args[0]);
const client = new sdk.BedrockRuntimeClient({ region: env.region, endpoint: env.endpoint, credentials: env.credentials,
  maxAttempts: 1 });
const input = { modelId: env.modelId, system: [{ text: env.system }],
  messages: [{ role: "user", content: [{ text: env.question }] }] };
const r = await client.send(new sdk.ConverseCommand(input));
const t2 = performance.now();
const s = await client.send(new sdk.ConverseStreamCommand(input));
let streamText = "", deltas = 0, usage;
for await (const ev of s.stream) {
  if (ev.contentBlockDelta) { streamText += ev.contentBlockDelta.delta.text; deltas++; }
  if (ev.metadata) usage = ev.metadata.usage;
}
const t3 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, converseMs: t2 - t1, streamMs: t3 - t2,
  converseText: r.output.message.content.map((c) => c.text).join(""), streamText, deltas,
  usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.totalTokens } }));
`;

const COMPACT_PROBE = `
const t0 = performance.now();
const m = await import(${JSON.stringify(`${ROOT}functions-shared/platform/bedrock/mod.ts`)});
const t1 = performance.now();
const env = JSON.parse(Deno.args[0]);
const client = m.createBedrockClient({ region: env.region, endpoint: env.endpoint, credentials: env.credentials,
  modelId: env.modelId }, { defaults: { retries: 0 } });
const input = { system: [{ text: env.system }], messages: [{ role: "user", content: [{ text: env.question }] }] };
const r = await client.converse(input);
const t2 = performance.now();
let streamText = "", deltas = 0, usage;
for await (const ev of await client.converseStream(input)) {
  if (ev.type === "delta") { streamText += ev.text; deltas++; }
  if (ev.type === "metadata") usage = ev.usage;
}
const t3 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, converseMs: t2 - t1, streamMs: t3 - t2, converseText: r.text,
  streamText, deltas, usage }));
`;

const EMPTY_PROBE = `console.log(JSON.stringify({ importMs: 0, converseMs: 0, streamMs: 0 }));`;

async function setup(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "bench-bedrock-" });
  const projectMap = JSON.parse(await Deno.readTextFile(`${ROOT}import_map.json`)).imports as Record<
    string,
    string
  >;
  const imports = {
    ...projectMap,
    "@shared/": `${ROOT}functions-shared/`,
    "@aws-sdk/client-bedrock-runtime": SDK_SPECIFIER,
  };
  // Its own config and the global npm cache: the SDK never enters the project's lock or node_modules.
  await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify({ imports, nodeModulesDir: "none" }));
  await Deno.writeTextFile(`${dir}/sdk.ts`, SDK_PROBE);
  await Deno.writeTextFile(`${dir}/compact.ts`, COMPACT_PROBE);
  await Deno.writeTextFile(`${dir}/empty.ts`, EMPTY_PROBE);
  return dir;
}

async function probe(
  dir: string,
  name: string,
  env: Record<string, unknown>,
  cachedOnly: boolean,
): Promise<ProbeOutput & { wallMs: number }> {
  const start = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--no-lock",
      "--no-check",
      `--config=${dir}/deno.json`,
      ...(cachedOnly ? ["--cached-only"] : []),
      `${dir}/${name}.ts`,
      JSON.stringify(env),
    ],
    cwd: dir,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const wallMs = performance.now() - start;
  const stdout = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1) ?? "";
  if (!out.success) {
    throw new Error(`${name} probe failed: ${new TextDecoder().decode(out.stderr).slice(-2000)}`);
  }
  return { ...JSON.parse(stdout), wallMs };
}

export async function run(runs = Number(Deno.env.get("BENCH_BEDROCK_RUNS") ?? 9)): Promise<Figure[]> {
  const server = startBedrockServer();
  const dir = await setup();
  try {
    const env = {
      region: server.region,
      endpoint: server.url,
      credentials: TEST_CREDENTIALS,
      modelId: MODEL_ID,
      ...REQUEST,
    };
    // Warm-up: fills Deno's npm and code caches, as a deployed bundle would already be.
    for (const name of ["empty", "sdk", "compact"]) await probe(dir, name, env, false);

    const samples: Record<string, (ProbeOutput & { wallMs: number })[]> = { empty: [], sdk: [], compact: [] };
    for (let i = 0; i < runs; i++) {
      for (const name of ["empty", "sdk", "compact"]) samples[name].push(await probe(dir, name, env, true));
    }
    checkAgreement(samples.sdk, samples.compact);
    const rejected = server.requests.filter((r) => r.signature !== "valid").length;
    if (rejected > 0) throw new Error(`${rejected} requests failed the server's SigV4 check`);

    const stat = (name: string, pick: (p: ProbeOutput & { wallMs: number }) => number) =>
      summarize(samples[name].map(pick));
    const figures: Figure[] = [];
    const add = (name: string, unit: "ms", sdk: number[], compact: number[], note: string) => {
      const s = summarize(sdk);
      const c = summarize(compact);
      figures.push({
        bench: "bedrock client cold start",
        name: `compact: ${name}`,
        unit,
        p50: round(c.p50, 1),
        p99: round(c.p99, 1),
        note: `${c.n} fresh processes; ${note}`,
      }, {
        bench: "bedrock client cold start",
        name: `sdk: ${name}`,
        unit,
        p50: round(s.p50, 1),
        p99: round(s.p99, 1),
        baseline: `compact: ${name}`,
        ratio: round(s.p50 / c.p50, 2),
        note: `${s.n} fresh processes; ${note}`,
      });
    };
    add(
      "import",
      "ms",
      samples.sdk.map((p) => p.importMs),
      samples.compact.map((p) => p.importMs),
      "dynamic import",
    );
    add(
      "first Converse",
      "ms",
      samples.sdk.map((p) => p.converseMs),
      samples.compact.map((p) => p.converseMs),
      "client construction + sign + round trip to the local server",
    );
    add(
      "import + first Converse",
      "ms",
      samples.sdk.map((p) => p.importMs + p.converseMs),
      samples.compact.map((p) => p.importMs + p.converseMs),
      "time to a first answer in a fresh isolate",
    );
    add(
      "first ConverseStream",
      "ms",
      samples.sdk.map((p) => p.streamMs),
      samples.compact.map((p) => p.streamMs),
      "after the first Converse; the whole stream",
    );
    const empty = stat("empty", (p) => p.wallMs);
    add(
      "process wall time",
      "ms",
      samples.sdk.map((p) => p.wallMs),
      samples.compact.map((p) => p.wallMs),
      `spawn to exit, both calls included; empty Deno process p50 ${round(empty.p50, 1)} ms`,
    );
    return figures;
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

function checkAgreement(sdk: ProbeOutput[], compact: ProbeOutput[]): void {
  const a = sdk[0];
  for (const p of [...sdk, ...compact]) {
    const same = p.converseText === a.converseText && p.streamText === a.streamText &&
      p.deltas === a.deltas &&
      JSON.stringify(p.usage) === JSON.stringify(a.usage);
    if (!same || p.converseText !== p.streamText || p.deltas < 2) {
      throw new Error(`clients disagree: ${JSON.stringify({ expected: a, got: p })}`);
    }
  }
}

if (import.meta.main) {
  const figures = await run(Deno.args[0] ? Number(Deno.args[0]) : undefined);
  console.log("| measured | p50 ms | p99 ms | ratio to compact | note |\n|---|---|---|---|---|");
  for (const f of figures) console.log(`| ${f.name} | ${f.p50} | ${f.p99} | ${f.ratio ?? ""} | ${f.note} |`);
}
