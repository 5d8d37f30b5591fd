// Small process helpers shared by the stack scripts: run a command to completion, or run it as the
// `postgres` OS user when we are root (Postgres refuses to run as root).

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(
  cmd: string,
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string; stdin?: string; check?: boolean } = {},
): Promise<RunResult> {
  const child = new Deno.Command(cmd, {
    args,
    env: opts.env,
    cwd: opts.cwd,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (opts.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(opts.stdin));
    await writer.close();
  }
  const out = await child.output();
  const result = {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
  if (opts.check !== false && result.code !== 0) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed (exit ${result.code}):\n${result.stderr || result.stdout}`,
    );
  }
  return result;
}

/**
 * `run` without `check`, tried again (up to `attempts`, pausing `pauseMs` × the try) while it fails with
 * output that `unreached` matches: a registry the network did not reach, where nothing of the command ran.
 * Any other outcome, success or failure, is returned at once.
 */
export async function runReachingRegistry(
  unreached: RegExp,
  cmd: string,
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string } = {},
  retry: { attempts?: number; pauseMs?: number } = {},
): Promise<RunResult> {
  const { attempts = 3, pauseMs = 1_000 } = retry;
  for (let attempt = 1;; attempt++) {
    const result = await run(cmd, args, { ...opts, check: false });
    if (result.code === 0 || attempt >= attempts || !unreached.test(result.stdout + result.stderr)) {
      return result;
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs * attempt));
  }
}

export function isRoot(): boolean {
  return Deno.uid() === 0;
}

/**
 * Runs `cmd` as the postgres OS user when we are root, as ourselves otherwise. From `/`: the postgres user
 * may not be allowed into the folder we were started from (a mode-700 home), and initdb and pg_ctl fail
 * when they cannot enter their working directory.
 */
export function runAsPostgres(cmd: string, args: string[], opts: { check?: boolean } = {}) {
  return isRoot()
    ? run("runuser", ["-u", "postgres", "--", cmd, ...args], { ...opts, cwd: "/" })
    : run(cmd, args, opts);
}

export async function commandExists(name: string): Promise<boolean> {
  const r = await run("sh", ["-c", `command -v ${name}`], { check: false });
  return r.code === 0;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** The lowest port an isolated stack takes for a service (below it: well-known and registered services). */
export const SERVICE_PORT_FLOOR = 10_000;

/**
 * Distinct free ports for an isolated stack's services, below the kernel's ephemeral range. The stack chooses its
 * ports first and binds the last of them minutes later (Postgres and the migrations come first); a port
 * from the ephemeral range can meanwhile be handed to any program's listener on port 0 (a test's stand-in
 * server, another stack's), and the service then fails with "port taken" (seen once in a full run). Below
 * the range the kernel hands out nothing by itself. Falls back to freePort when no range can be read.
 */
export function freeServicePorts(
  count: number,
  ephemeralLow = ephemeralRangeStart(),
  random: () => number = Math.random,
): number[] {
  const ports: number[] = [];
  const span = ephemeralLow - SERVICE_PORT_FLOOR;
  for (let attempt = 0; ports.length < count && span > 0 && attempt < 100 * count; attempt++) {
    const port = SERVICE_PORT_FLOOR + Math.floor(random() * span);
    if (!ports.includes(port) && canListen(port)) ports.push(port);
  }
  while (ports.length < count) {
    const port = freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

function ephemeralRangeStart(): number {
  try {
    return Number(Deno.readTextFileSync("/proc/sys/net/ipv4/ip_local_port_range").trim().split(/\s+/)[0]) ||
      0;
  } catch {
    return 0;
  }
}

function canListen(port: number): boolean {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export async function tcpOpen(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.close();
    return true;
  } catch {
    return false;
  }
}
