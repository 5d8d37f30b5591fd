/**
 * Where a benchmark's CPU goes, by process: the server under test, the Upstash bridge, redis-server and the
 * stack's whole Postgres cluster (every backend, and those that exited meanwhile), read from /proc before and
 * after a run. On a 2-core machine throughput is bounded by CPU per request, so this says why one target
 * answers fewer requests than another: which process spends what per request. Linux only; elsewhere the
 * figures are simply absent.
 */

/** utime + stime (+ waited-for children's) of a process, in seconds; null when it is gone. */
function cpuSeconds(pid: number, withChildren = false): number | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields after the name, from 0: utime 11, stime 12, cutime 13, cstime 14, in clock ticks (100 Hz).
    const ticks = Number(fields[11]) + Number(fields[12]) +
      (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / 100;
  } catch {
    return null;
  }
}

/** The parent of a process: for a Postgres backend (pg_backend_pid()), its postmaster. */
export function parentOf(pid: number): number | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ");
  } catch {
    return "";
  }
}

function processes(): number[] {
  try {
    return [...Deno.readDirSync("/proc")].filter((e) => /^\d+$/.test(e.name)).map((e) => Number(e.name));
  } catch {
    return [];
  }
}

/** The processes of a stack, found from its ports and its postmaster. */
export interface StackProcesses {
  readonly bridgePort: number;
  readonly redisPort: number;
  /** The local functions server (gateway) and its isolates, when the run goes through it. */
  readonly functionsPort?: number;
  /** The parent of any of the stack's Postgres backends (parentOf(pg_backend_pid())). */
  readonly postmaster: number | null;
}

export type CpuByProcess = Record<string, number>;

/**
 * CPU seconds so far of the named processes (e.g. { server: pid }) and each stack process: Postgres summed
 * over its cluster; the functions server as its gateway and each function's process by name.
 */
export function cpuSnapshot(own: Record<string, number>, stack: StackProcesses): CpuByProcess {
  const all = processes();
  const postmaster = stack.postmaster;
  const sum = (pids: number[], withChildren = false) =>
    pids.reduce((total, pid) => total + (cpuSeconds(pid, withChildren) ?? 0), 0);
  const tree = (root: number) => sum([root], true) + sum(all.filter((pid) => parentOf(pid) === root));
  const snapshot: CpuByProcess = {
    ...Object.fromEntries(Object.entries(own).map(([name, pid]) => [name, cpuSeconds(pid) ?? 0])),
    bridge: sum(all.filter((pid) => {
      const cmd = commandLine(pid);
      return cmd.includes("scripts/upstash/main.ts") && cmd.includes(`--port ${stack.bridgePort}`);
    })),
    redis: sum(all.filter((pid) => commandLine(pid).includes(`redis-server 127.0.0.1:${stack.redisPort}`))),
  };
  const gateway = stack.functionsPort === undefined ? undefined : all.find((pid) => {
    const cmd = commandLine(pid);
    return cmd.includes("scripts/functions/main.ts") && cmd.includes(`--port ${stack.functionsPort}`);
  });
  if (gateway !== undefined) {
    // The gateway's own time, and each function's process (with what it spawned) by its name.
    snapshot.gateway = cpuSeconds(gateway, true) ?? 0;
    for (const pid of all.filter((p) => parentOf(p) === gateway)) {
      const name = /supabase\/functions\/([^/]+)\/index\.ts/.exec(commandLine(pid))?.[1] ?? "other";
      snapshot[name] = (snapshot[name] ?? 0) + (cpuSeconds(pid, true) ?? 0);
    }
  }
  // The postmaster's own time and its exited children's, plus every live child's.
  if (postmaster !== null) snapshot.postgres = tree(postmaster);
  return snapshot;
}

/** Milliseconds of CPU per request, per process, between two snapshots; processes that spent none are left out. */
export function cpuPerRequest(before: CpuByProcess, after: CpuByProcess, requests: number): CpuByProcess {
  const out: CpuByProcess = {};
  for (const [name, seconds] of Object.entries(after)) {
    const spent = seconds - (before[name] ?? 0);
    if (spent > 0 && requests > 0) out[name] = (spent * 1000) / requests;
  }
  return out;
}

/** "server 0.34, bridge 0.10, postgres 0.40 (0.84 ms in all)". */
export function describeCpu(perRequest: CpuByProcess): string {
  const entries = Object.entries(perRequest);
  if (entries.length === 0) return "no CPU figures (not Linux?)";
  const total = entries.reduce((t, [, ms]) => t + ms, 0);
  return `${entries.map(([name, ms]) => `${name} ${ms.toFixed(3)}`).join(", ")} (${
    total.toFixed(3)
  } ms in all)`;
}
