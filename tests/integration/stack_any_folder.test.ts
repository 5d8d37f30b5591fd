/**
 * The local stack starts from any folder a newcomer clones into — here a mode-700 home, which the
 * postgres OS user (initdb and the server run as it when we are root) cannot enter — without widening
 * that folder's permissions, and a setup step that fails ends in one sentence, not a stack trace. The
 * working tree is copied as a clone would hold it (tracked files and new ones git does not ignore), and
 * `scripts/stack.ts up` / `down` run there on free ports.
 */
import assert from "node:assert/strict";
import { checkoutClustersDir, clusterDir } from "../../scripts/stack/postgres.ts";
import { freeServicePorts, run } from "../../scripts/stack/run.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

async function copyWorkingTree(to: string) {
  await Deno.mkdir(to);
  const copy = await run("sh", [
    "-c",
    `git ls-files -z --cached --others --exclude-standard | ` +
    `tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C '${to}'`,
  ], { cwd: ROOT, check: false });
  assert.equal(copy.code, 0, copy.stderr);
}

async function stack(clone: string, command: "up" | "down", ports: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/stack.ts", command],
    cwd: clone,
    env: { ...ports, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("the stack starts from a clone inside a mode-700 home; a failing step says why in one line", {
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const home = await Deno.makeTempDir({ prefix: "medic-home-" });
  await Deno.chmod(home, 0o700);
  const clone = `${home}/medic-bot-edge`;
  await copyWorkingTree(clone);
  // Below the ephemeral range and each checked, as an isolated stack takes them (freeServicePorts): a port from
  // that range can be handed to any program's listener before the service binds it, and S3's (which defaults
  // to the bridge's port + 10, never checked) was once taken so ("s3: port … is taken by another program").
  const [db, redis, upstash, functions, s3] = freeServicePorts(5).map(String);
  const ports = {
    DB_PORT: db,
    REDIS_PORT: redis,
    UPSTASH_PORT: upstash,
    FUNCTIONS_PORT: functions,
    S3_PORT: s3,
  };
  const pgDir = clusterDir(clone, `${clone}/.local/dev`, "dev");
  try {
    const up = await stack(clone, "up", ports);
    assert.equal(up.code, 0, `stack:up failed:\n${up.stdout}\n${up.stderr}`);
    assert.match(up.stdout, /stack is up/);
    assert.ok(await Deno.stat(`${pgDir}/pgdata/PG_VERSION`), "the cluster is where clusterDir says");
    if (Deno.uid() === 0) {
      assert.ok(pgDir.startsWith(checkoutClustersDir(clone)), "as root, outside the checkout");
      assert.notEqual(checkoutClustersDir(clone), checkoutClustersDir(ROOT), "one folder per checkout");
    }
    assert.equal((await Deno.stat(home)).mode! & 0o777, 0o700, "the home's permissions are untouched");

    const down = await stack(clone, "down", ports);
    assert.equal(down.code, 0, down.stderr);

    // A failing step: the database port is taken by another program.
    const squatter = Deno.listen({ hostname: "127.0.0.1", port: Number(ports.DB_PORT) });
    try {
      const taken = await stack(clone, "up", ports);
      assert.equal(taken.code, 1);
      assert.equal(
        taken.stderr.trim(),
        `error: port ${ports.DB_PORT} is taken by another program; set DB_PORT to a free port (.env)`,
      );
      assert.doesNotMatch(taken.stderr, /^\s+at /m, "no stack trace");
    } finally {
      squatter.close();
    }

    if (Deno.uid() === 0) {
      // A cluster still running where clusters used to live (in the checkout) is named, with the fix.
      await Deno.mkdir(`${clone}/.local/dev/pgdata`, { recursive: true });
      await Deno.writeTextFile(`${clone}/.local/dev/pgdata/postmaster.pid`, "4242\n");
      const legacy = await stack(clone, "up", ports);
      assert.equal(legacy.code, 1);
      assert.match(
        legacy.stderr.trim(),
        /^error: a Postgres cluster from before the move is still running in .*pg_ctl -D/,
      );
      await Deno.remove(`${clone}/.local/dev/pgdata`, { recursive: true });
    }
  } finally {
    await stack(clone, "down", ports);
    await Deno.remove(pgDir, { recursive: true }).catch(() => {});
    if (Deno.uid() === 0) await Deno.remove(checkoutClustersDir(clone)).catch(() => {});
    await Deno.remove(home, { recursive: true });
  }
});
