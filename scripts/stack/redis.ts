// A project-local redis-server: no persistence (it holds only hot, short-lived state), loopback only.
import { run, tcpOpen, waitFor } from "./run.ts";

export interface RedisOptions {
  dir: string; // absolute; holds the pid file and log
  port: number;
}

const pidFile = (o: RedisOptions) => `${o.dir}/redis.pid`;

export async function isRedisRunning(o: RedisOptions): Promise<boolean> {
  const pid = await Deno.readTextFile(pidFile(o)).then((t) => Number(t.trim()), () => 0);
  if (!pid) return false;
  const alive = await run("kill", ["-0", String(pid)], { check: false });
  return alive.code === 0 && await tcpOpen(o.port);
}

export async function startRedis(o: RedisOptions): Promise<boolean> {
  if (await isRedisRunning(o)) return false;
  if (await tcpOpen(o.port)) throw new Error(`port ${o.port} is taken by another program; set REDIS_PORT`);
  await Deno.mkdir(o.dir, { recursive: true });
  await run("redis-server", [
    "--port",
    String(o.port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--daemonize",
    "yes",
    "--pidfile",
    pidFile(o),
    "--logfile",
    `${o.dir}/redis.log`,
    "--dir",
    o.dir,
  ]);
  await waitFor("redis-server", () => isRedisRunning(o));
  return true;
}

export async function stopRedis(o: RedisOptions): Promise<void> {
  const pid = await Deno.readTextFile(pidFile(o)).then((t) => Number(t.trim()), () => 0);
  if (!pid) return;
  await run("kill", [String(pid)], { check: false });
  await waitFor("redis-server to stop", async () => !(await tcpOpen(o.port)), 10_000);
  await Deno.remove(pidFile(o)).catch(() => {});
}
