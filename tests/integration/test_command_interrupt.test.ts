/**
 * `deno task test` interrupted (CI's timeout or a developer's `kill`: SIGTERM) does not leave its isolated stack
 * running: the real command (scripts/test.ts) is started, its stack is waited for (every service's pid file
 * names a live process and the functions server's port answers), and on SIGTERM it stops every process it
 * started (the stack's and the step's child), removes the stack's folders and exits 143, saying so.
 * Ctrl-C (SIGINT) takes the same path (scripts/stack/interrupt.ts).
 */
import assert from "node:assert/strict";
import { clusterDir, stopPostgres } from "../../scripts/stack/postgres.ts";
import { tcpOpen, waitFor } from "../../scripts/stack/run.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
/** Fails only when nothing happens: the stack starts in seconds, even on a busy machine. */
const LIVENESS_MS = 120_000;

/** A process that exists and is not a zombie waiting for its parent. */
async function alive(pid: number): Promise<boolean> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`).catch(() => null);
  return stat !== null && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
}

async function readPid(path: string): Promise<number> {
  const text = await Deno.readTextFile(path).catch(() => "");
  return Number(text.trim().split("\n")[0]) || 0;
}

/** Every process below `pid` (its children, theirs, …), read from /proc. */
async function descendants(pid: number): Promise<number[]> {
  const parentOf = new Map<number, number>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`).catch(() => null);
    if (stat) parentOf.set(Number(entry.name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parentOf) if (ppid === parent) found.push(child), walk(child);
  };
  walk(pid);
  return found;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("deno task test stops its stack, removes its folders and exits 143 on SIGTERM", {
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/test.ts", "tests/unit/local_keys.test.ts"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) output += text;
  };
  const collected = Promise.all([collect(child.stdout), collect(child.stderr)]);
  let status: Deno.CommandStatus | undefined;
  const ended = child.status.then((s) => status = s);

  // Where isolatedConfig("test") puts the run's stack: named after the command's pid.
  const dir = `${ROOT}/.local/test-${child.pid}`;
  const pgDir = clusterDir(ROOT, dir, `test-${child.pid}`);
  const pidFiles = {
    postgres: `${pgDir}/pgdata/postmaster.pid`,
    redis: `${dir}/redis/redis.pid`,
    bridge: `${dir}/upstash-bridge.pid`,
    s3: `${dir}/s3.pid`,
    functions: `${dir}/functions.pid`,
  };
  const stackPids: number[] = [];
  /** Every process of the stack and of the run, when the signal is sent. */
  const started: number[] = [];
  try {
    await waitFor("the test stack to be up", async () => {
      if (status) throw new Error(`the run ended first (${status.code}):\n${output}`);
      const pids = await Promise.all(Object.values(pidFiles).map(readPid));
      if (!(await Promise.all(pids.map((pid) => pid > 0 && alive(pid)))).every(Boolean)) return false;
      const log = await Deno.readTextFile(`${dir}/functions.log`).catch(() => "");
      const port = /functions server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log)?.[1];
      if (!port || !(await tcpOpen(Number(port)))) return false;
      stackPids.push(...pids);
      return true;
    }, LIVENESS_MS).catch((error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    // With what they run (Postgres' backends, the functions' isolates), and the run's own children: the step
    // it is in (pg_prove and its psql, deno cache, or deno test).
    for (const pid of [...stackPids, child.pid]) started.push(...(await descendants(pid)));
    started.push(...stackPids);

    child.kill("SIGTERM");
    await waitFor("the run to end", () => Promise.resolve(status !== undefined), LIVENESS_MS);
    await collected;
    assert.equal(status!.signal, null, `the run was killed by the signal instead of handling it:\n${output}`);
    assert.equal(status!.code, 143, output);
    assert.match(output, /^\[test\] SIGTERM: stopping what this run started$/m);
    assert.match(
      output.trimEnd().split("\n").at(-1)!,
      /^\[test\] interrupted by SIGTERM: the test stack is stopped and removed .*; exit 143$/,
    );

    const left = async () =>
      (await Promise.all(started.map(async (pid) => await alive(pid) ? [pid] : []))).flat();
    await waitFor(
      "every process the run started to be gone",
      async () => (await left()).length === 0,
      LIVENESS_MS,
    )
      .catch(async () => assert.fail(`still running: ${(await left()).join(", ")}`));
    assert.equal(await exists(dir), false, `${dir} is left`);
    assert.equal(await exists(pgDir), false, `${pgDir} is left`);
  } finally {
    // A run that did not stop its stack leaves nothing behind all the same (only what this run started).
    if (!status) child.kill("SIGKILL");
    await ended;
    await stopPostgres({ dataDir: `${pgDir}/pgdata`, port: 0, database: "postgres" }).catch(() => {});
    for (const pid of started) if (await alive(pid)) Deno.kill(pid, "SIGTERM");
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await Deno.remove(pgDir, { recursive: true }).catch(() => {});
    if (pgDir !== dir) await Deno.remove(pgDir.slice(0, pgDir.lastIndexOf("/"))).catch(() => {}); // when empty
  }
});
