// Background processes with a pid file, for the stack's Deno services (Upstash bridge, functions server)
// so that `stack:up` can leave them running and `stack:down`/`dev`/`test` can stop exactly what they own.
import { run, tcpOpen, waitFor } from "./run.ts";

export interface DaemonSpec {
  name: string;
  dir: string; // pid and log files live here
  args: string[]; // after `deno`
  env: Record<string, string>;
  port: number; // the daemon is up when this port accepts connections
}

const pidPath = (d: DaemonSpec) => `${d.dir}/${d.name}.pid`;
export const logPath = (d: Pick<DaemonSpec, "dir" | "name">) => `${d.dir}/${d.name}.log`;

async function readPid(d: DaemonSpec): Promise<number> {
  return await Deno.readTextFile(pidPath(d)).then((t) => Number(t.trim()) || 0, () => 0);
}

export async function isDaemonRunning(d: DaemonSpec): Promise<boolean> {
  const pid = await readPid(d);
  return pid > 0 && (await run("kill", ["-0", String(pid)], { check: false })).code === 0;
}

export async function startDaemon(d: DaemonSpec): Promise<boolean> {
  if (await isDaemonRunning(d)) return false;
  if (await tcpOpen(d.port)) throw new Error(`${d.name}: port ${d.port} is taken by another program`);
  await Deno.mkdir(d.dir, { recursive: true });
  const quoted = [Deno.execPath(), ...d.args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
  const r = await run("sh", ["-c", `nohup ${quoted} >> '${logPath(d)}' 2>&1 & echo $!`], {
    env: d.env,
  });
  await Deno.writeTextFile(pidPath(d), r.stdout.trim());
  try {
    await waitFor(`${d.name} on port ${d.port}`, async () => {
      if (!(await isDaemonRunning(d))) throw new Error("exited");
      return await tcpOpen(d.port);
    }, 60_000);
  } catch (err) {
    const log = await Deno.readTextFile(logPath(d)).catch(() => "");
    throw new Error(`${d.name} did not start: ${err}\n${log.split("\n").slice(-20).join("\n")}`);
  }
  return true;
}

export async function stopDaemon(d: DaemonSpec): Promise<void> {
  const pid = await readPid(d);
  if (pid > 0 && await isDaemonRunning(d)) {
    await run("kill", ["-TERM", String(pid)], { check: false });
    await waitFor(`${d.name} to stop`, async () => !(await isDaemonRunning(d)), 10_000).catch(async () => {
      await run("kill", ["-KILL", String(pid)], { check: false });
    });
  }
  await Deno.remove(pidPath(d)).catch(() => {});
}
